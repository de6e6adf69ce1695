import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { AccountProfile } from '../../../account';
import type { AssignmentPool } from '../../../team';
import type { OpenOpportunity } from '../../domain';

/** Which account the opportunity is for: a known one, one found (or else registered) by name, or a new one. */
export type AccountChoice =
  | { readonly kind: 'id'; readonly accountId: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'new'; readonly name: string; readonly profile: AccountProfile };

export type OpenOpportunityPayload = Omit<
  OpenOpportunity,
  'type' | 'opportunityId' | 'at' | 'by' | 'accountId' | 'accountName' | 'ownerId' | 'assignment'
> & {
  readonly account: AccountChoice;
  /** null: a rep who opens it owns it; anyone else's opportunity is assigned by the configured rule. */
  readonly ownerId: string | null;
  /** Where the rule looks for an owner; the opener's team for a manager, every rep otherwise. */
  readonly pool: AssignmentPool | null;
};

export class OpenOpportunityCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: OpenOpportunityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
