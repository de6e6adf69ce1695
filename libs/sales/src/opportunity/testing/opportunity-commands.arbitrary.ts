import fc from 'fast-check';
import { type CommandContext, DomainError, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { handleTeamMember } from '../../team';
import { handleOpportunity } from '../application';
import { type OpportunityCommand, STAGES } from '../domain';

/** Generated histories of a few opportunities (for property tests): these ids, owners and currencies. */
export const OPPORTUNITY_IDS = Array.from({ length: 6 }, (_, i) => `8f0c0c52-0000-4000-8000-00000000000${i + 1}`);
export const OWNERS = ['ana', 'ben'];
const ACCOUNT_ID = 'a0c0c52a-0000-4000-8000-000000000001';

const money = fc.record({ amountMinor: fc.integer({ min: 0, max: 5_000_000 }), currency: fc.constantFrom('USD', 'EUR') });
export const closeDate = fc.integer({ min: 0, max: 400 }).map((days) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
const stage = fc.constantFrom(...STAGES);

/** Any opportunity command on the first `count` ids; many are refused by the domain, as they would be. */
export const opportunityCommand = (count = OPPORTUNITY_IDS.length): fc.Arbitrary<WithoutTimeAndActor<OpportunityCommand>> => {
  const opportunityId = fc.constantFrom(...OPPORTUNITY_IDS.slice(0, count));
  return fc.oneof(
    fc.record({
      opportunityId,
      type: fc.constant('OpenOpportunity' as const),
      title: fc.constant('Deal'),
      accountId: fc.constant(ACCOUNT_ID),
      accountName: fc.constant('Acme'),
      ownerId: fc.constantFrom(...OWNERS),
      amount: fc.option(money, { nil: null }),
      expectedCloseDate: closeDate,
      source: fc.constant('web' as const),
      productInterest: fc.constant(null),
      stage: fc.option(stage, { nil: undefined }),
      probability: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
    }),
    fc.record({ opportunityId, type: fc.constant('UpdateOpportunityDetails' as const), amount: fc.option(money, { nil: undefined }), expectedCloseDate: fc.option(closeDate, { nil: undefined }) }),
    fc.record({ opportunityId, type: fc.constant('ReassignOwner' as const), ownerId: fc.constantFrom(...OWNERS) }),
    fc.record({
      opportunityId,
      type: fc.constant('ChangeStage' as const),
      stage,
      reason: fc.constantFrom(null, 'slipped'),
      probability: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
      forecastCategory: fc.option(fc.constantFrom('pipeline' as const, 'best-case' as const, 'commit' as const, 'omitted' as const), { nil: undefined }),
    }),
    fc.record({ opportunityId, type: fc.constant('MarkWon' as const), amount: fc.option(money, { nil: undefined }) }),
    fc.record({ opportunityId, type: fc.constant('MarkLost' as const), reason: fc.constant('price'), competitor: fc.constant(null) }),
    fc.record({ opportunityId, type: fc.constant('Reopen' as const), reason: fc.constant(null), stage: fc.option(stage, { nil: undefined }) }),
  );
};

const contextOf = (userId: string, role: 'rep' | 'admin', occurredAt: string): CommandContext => ({
  commandId: crypto.randomUUID(),
  correlationId: 'c',
  causationId: 'c',
  actor: { userId, role },
  occurredAt,
});

/** The owners as reps in the team directory: without them every open is refused and a property tests nothing. */
export async function addOwners(store: EventStore): Promise<void> {
  for (const userId of OWNERS) {
    await handleTeamMember(store, { type: 'AddTeamMember', userId, name: userId, role: 'rep', managerId: null, regionalOffice: null }, contextOf('admin', 'admin', new Date(Date.UTC(2026, 10, 1)).toISOString()));
  }
}

/** Runs each command as `actor` at `occurredAt`, keeping what the domain accepts; answers how many it accepted. */
export async function runCommands(
  store: EventStore,
  steps: readonly { command: WithoutTimeAndActor<OpportunityCommand>; actor?: { userId: string; role: 'rep' | 'admin' }; occurredAt?: string }[],
): Promise<number> {
  let accepted = 0;
  for (const { command, actor = { userId: 'admin', role: 'admin' as const }, occurredAt = new Date().toISOString() } of steps) {
    accepted += await handleOpportunity(store, command, contextOf(actor.userId, actor.role, occurredAt)).then(
      () => 1,
      (error: unknown) => {
        if (error instanceof DomainError) return 0;
        throw error;
      },
    );
  }
  return accepted;
}
