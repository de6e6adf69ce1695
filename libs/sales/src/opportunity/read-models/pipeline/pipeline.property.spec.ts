import fc from 'fast-check';
import { SqliteEventStore, fold } from '@ledger/event-sourcing';
import { SqliteReadStore, rebuildProjections } from '@ledger/read-store';
import { STAGES, opportunityDecider, opportunityEvents } from '../../domain';
import { opportunityStream } from '../../application';
import { addOwners, closeDate, OPPORTUNITY_IDS, opportunityCommand, OWNERS, runCommands } from '../../testing/opportunity-commands.arbitrary';
import { opportunityViewProjection } from '../opportunity-view/opportunity-view.projection';
import { GetPipelineHandler } from './get-pipeline.handler';
import { GetPipelineQuery, type Pipeline, type PipelineFilter } from './get-pipeline.query';

const IDS = OPPORTUNITY_IDS.slice(0, 4);
const step = fc.record({ command: opportunityCommand(IDS.length), actor: fc.constantFrom(...OWNERS) });
const filter: fc.Arbitrary<PipelineFilter> = fc.record(
  { ownerIds: fc.subarray(OWNERS, { minLength: 1 }), closeFrom: closeDate, closeTo: closeDate },
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
          await addOwners(events);
          let clock = Date.UTC(2026, 11, 1);
          await runCommands(
            events,
            steps.map(({ command, actor }) => ({ command, actor: { userId: actor, role: 'rep' as const }, occurredAt: new Date((clock += 3_600_000)).toISOString() })),
          );
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
