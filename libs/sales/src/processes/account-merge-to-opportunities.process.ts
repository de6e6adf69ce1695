import { filter, map } from 'rxjs';
import type { ProcessManager } from '@ledger/read-store';
import type { AccountMerged } from '../account';
import type { OpportunityAccountChanged, OpportunityOpened } from '../opportunity';
import { FollowAccountMergeCommand } from './follow-account-merge/follow-account-merge.command';
import { KeepOnLiveAccountCommand } from './keep-on-live-account/keep-on-live-account.command';
import { contextFromEvent, type EventStream, ofEventType } from './process-context';

const NAME = 'account-merge-to-opportunities';

/**
 * Account merged → its opportunities move to the survivor, closed ones too (the history stays on
 * both: the opportunity records the move, the view remembers every account it belonged to).
 * An opportunity opened (or moved by a correction) onto an account in the same moment as its
 * merge is caught on its own event: if its account turns out merged, it follows.
 */
export const accountMergeToOpportunities: ProcessManager = {
  name: NAME,
  handles: new Set(['AccountMerged', 'OpportunityOpened', 'OpportunityAccountChanged']),
  saga: (events$: EventStream) =>
    events$.pipe(
      ofEventType<AccountMerged | OpportunityOpened | OpportunityAccountChanged>('AccountMerged', 'OpportunityOpened', 'OpportunityAccountChanged'),
      map((event) => {
        const context = contextFromEvent(event, NAME);
        if (event.type === 'AccountMerged') {
          const d = event.data as AccountMerged['data'];
          return new FollowAccountMergeCommand(d.accountId, d.intoAccountId, event.position, context);
        }
        if (event.type === 'OpportunityAccountChanged') {
          const d = event.data as OpportunityAccountChanged['data'];
          return d.reason === 'correction' ? new KeepOnLiveAccountCommand(d.opportunityId, d.accountId, context) : null;
        }
        const d = event.data as OpportunityOpened['data'];
        return d.accountId === null ? null : new KeepOnLiveAccountCommand(d.opportunityId, d.accountId, context);
      }),
      filter((command) => command !== null),
    ),
};
