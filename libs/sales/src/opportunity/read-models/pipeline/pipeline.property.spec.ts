import fc from 'fast-check';
import { DomainError, type CommandContext, SqliteEventStore, fold, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { SqliteReadStore, rebuildProjections } from '@ledger/read-store';
import { type OpportunityCommand, STAGES, opportunityDecider, opportunityEvents } from '../../domain';
import { handleOpportunity, opportunityStream } from '../../application';
import { handleTeamMember } from '../../../team';
import { opportunityViewProjection } from '../opportunity-view/opportunity-view.projection';
import { GetPipelineHandler } from './get-pipeline.handler';
import { GetPipelineQuery, type Pipeline, type PipelineFilter } from './get-pipeline.query';


const IDS = ['8f0c0c52-0000-4000-8000-000000000001', '8f0c0c52-0000-4000-8000-000000000002', '8f0c0c52-0000-4000-8000-000000000003', '8f0c0c52-0000-4000-8000-000000000004'];
const OWNERS = ['ana', 'ben'];
const CURRENCIES = ['USD', 'EUR'];

const money = fc.record({ amountMinor: fc.integer({ min: 0, max: 5_000_000 }), currency: fc.constantFrom(...CURRENCIES) });
const date = fc.integer({ min: 0, max: 400 }).map((days) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
const stage = fc.constantFrom(...STAGES);
const opportunityId = fc.constantFrom(...IDS);

const command: fc.Arbitrary<WithoutTimeAndActor<OpportunityCommand>> = fc.oneof(
  fc.record({
    opportunityId,
    type: fc.constant('OpenOpportunity' as const),
    title: fc.constant('Deal'),
    accountId: fc.constant('a0c0c52a-0000-4000-8000-000000000001'),
    accountName: fc.constant('Acme'),
    ownerId: fc.constantFrom(...OWNERS),
    amount: fc.option(money, { nil: null }),
    expectedCloseDate: date,
    source: fc.constant('web' as const),
    productInterest: fc.constant(null),
    stage: fc.option(stage, { nil: undefined }),
    probability: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  }),
  fc.record({ opportunityId, type: fc.constant('UpdateOpportunityDetails' as const), amount: fc.option(money, { nil: undefined }), expectedCloseDate: fc.option(date, { nil: undefined }) }),
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

const step = fc.record({ command, actor: fc.constantFrom(...OWNERS) });
const filter: fc.Arbitrary<PipelineFilter> = fc.record(
  { ownerIds: fc.subarray(OWNERS, { minLength: 1 }), closeFrom: date, closeTo: date },
  { requiredKeys: [] },
);

/** What the commands imply, straight from the domain: fold each stream and sum the open ones. */
async function expectedPipeline(store: SqliteEventStore, filter: PipelineFilter): Promise<Pipeline> {
  const states = await Promise.all(
    IDS.map(async (id) => fold(opportunityDecider, (await store.readStream(opportunityStream(id))).map(opportunityEvents.decode))),
  );
  const open = states.flatMap((s) =>
    s.status === 'open' &&
    (!filter.ownerIds || filter.ownerIds.includes(s.ownerId)) &&
    (!filter.closeFrom || s.expectedCloseDate >= filter.closeFrom) &&
    (!filter.closeTo || s.expectedCloseDate <= filter.closeTo)
      ? [s]
      : [],
  );
  return {
    stages: STAGES.map((stageName) => {
      const inStage = open.filter((s) => s.stage === stageName);
      const currencies = [...new Set(inStage.map((s) => s.amount?.currency ?? null))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
      return {
        stage: stageName,
        count: inStage.length,
        byCurrency: currencies.map((currency) => {
          const group = inStage.filter((s) => (s.amount?.currency ?? null) === currency);
          const total = group.reduce((sum, s) => sum + (s.amount?.amountMinor ?? 0), 0);
          const times100 = group.reduce((sum, s) => sum + (s.amount?.amountMinor ?? 0) * s.probability, 0);
          return { currency, count: group.length, totalAmountMinor: total, weightedAmountMinor: Math.round(times100 / 100) };
        }),
      };
    }),
  };
}

describe('GET /pipeline equals what any sequence of commands implies', () => {
  it('holds for generated command sequences and filters (read model rebuilt from the log)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), filter, async (steps, pipelineFilter) => {
        const events = new SqliteEventStore(':memory:');
        const readModels = new SqliteReadStore(':memory:');
        try {
          // Owners must be members of the team directory, or every open is refused and nothing is tested.
          for (const userId of OWNERS) {
            await handleTeamMember(
              events,
              { type: 'AddTeamMember', userId, name: userId, role: 'rep', managerId: null, regionalOffice: null },
              { commandId: userId, correlationId: 'c', causationId: 'c', actor: { userId: 'admin', role: 'admin' }, occurredAt: new Date(Date.UTC(2026, 10, 1)).toISOString() },
            );
          }
          let clock = Date.UTC(2026, 11, 1);
          for (const { command, actor } of steps) {
            clock += 3_600_000;
            const context: CommandContext = {
              commandId: `${clock}`,
              correlationId: 'c',
              causationId: 'c',
              actor: { userId: actor, role: 'rep' },
              occurredAt: new Date(clock).toISOString(),
            };
            await handleOpportunity(events, command, context).catch((error: unknown) => {
              if (!(error instanceof DomainError)) throw error;
            });
          }
          await rebuildProjections(events, readModels, [opportunityViewProjection]);
          const actual = await new GetPipelineHandler(readModels).execute(new GetPipelineQuery(pipelineFilter));
          expect(actual).toEqual(await expectedPipeline(events, pipelineFilter));
        } finally {
          await readModels.close();
          await events.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
