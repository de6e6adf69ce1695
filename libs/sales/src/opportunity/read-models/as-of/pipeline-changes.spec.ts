import fc from 'fast-check';
import { SqliteEventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import type { OpportunityCommand } from '../../domain';
import { OPPORTUNITY_CATEGORY } from '../../application';
import { addOwners, closeDate, opportunityCommand, OWNERS, runCommands } from '../../testing/opportunity-commands.arbitrary';
import { pipelineAsOf } from './opportunity-as-of';
import { CHANGE_CAUSES, explainPipelineChange, pipelineChanges, type PipelineChangesFilter } from './pipeline-changes';

const command = opportunityCommand();
const filter: fc.Arbitrary<PipelineChangesFilter> = fc.record({ ownerIds: fc.subarray(OWNERS, { minLength: 1 }), closeFrom: closeDate, closeTo: closeDate }, { requiredKeys: [] });

async function withTeam(): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(':memory:');
  await addOwners(store);
  return store;
}

const run = (store: SqliteEventStore, commands: readonly WithoutTimeAndActor<OpportunityCommand>[]): Promise<number> =>
  runCommands(store, commands.map((each) => ({ command: each })));

/** The log's commit clock has millisecond resolution: an instant taken between two appends separates them. */
const tick = (): Promise<Date> => new Promise((resolve) => setTimeout(() => {
  const instant = new Date();
  setTimeout(() => resolve(instant), 2);
}, 2));

const sumOf = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('GET /pipeline/changes on generated histories', () => {
  it('splits the change into parts that sum exactly to it, from and to equal to the pipeline as of each instant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 25 }), fc.array(command, { maxLength: 25 }), filter, async (before, between, pipelineFilter) => {
        const store = await withTeam();
        try {
          await run(store, before);
          const from = await tick();
          await run(store, between);
          const to = await tick();
          const changes = await pipelineChanges(store, OPPORTUNITY_CATEGORY, pipelineFilter, from, to);
          for (const [instant, side] of [[from, 'atFrom'], [to, 'atTo']] as const) {
            const pipeline = await pipelineAsOf(store, OPPORTUNITY_CATEGORY, pipelineFilter, instant);
            const cells = pipeline.stages.flatMap((stage) => stage.byCurrency);
            for (const currency of changes.currencies) {
              const mine = cells.filter((cell) => cell.currency === currency.currency);
              expect(currency[side].count).toBe(sumOf(mine.map((cell) => cell.count)));
              expect(currency[side].amountMinor).toBe(sumOf(mine.map((cell) => cell.totalAmountMinor)));
            }
          }
          for (const currency of changes.currencies) {
            expect(sumOf(currency.parts.map((part) => part.amountMinor))).toBe(currency.change.amountMinor);
            expect(sumOf(currency.parts.map((part) => part.weightedAmountMinor))).toBe(currency.change.weightedAmountMinor);
            expect(Math.abs(currency.parts.find((part) => part.cause === 'rounding')!.weightedAmountMinor)).toBeLessThanOrEqual(CHANGE_CAUSES.length);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('really runs the generated commands (the owners are in the team directory)', async () => {
    const store = await withTeam();
    const [open] = fc.sample(command.filter((c) => c.type === 'OpenOpportunity'), 1);
    expect(await run(store, [open])).toBe(1);
    await store.close();
  });
});

const deal = (overrides: Partial<Parameters<typeof explainPipelineChange>[0] extends ReadonlyMap<string, infer D> ? D : never> = {}) => ({
  _id: 'd1',
  status: 'open' as const,
  stage: 'qualification' as const,
  probability: 20,
  amountMinor: 100_000,
  currency: 'USD',
  expectedCloseDate: '2027-03-15',
  ownerId: 'ana',
  ...overrides,
});
const one = (d?: ReturnType<typeof deal>) => new Map(d ? [[d._id, d]] : []);
const partOf = (cause: string, from: ReturnType<typeof one>, to: ReturnType<typeof one>, f: PipelineChangesFilter = {}) =>
  explainPipelineChange(from, to, f).currencies.flatMap((c) => c.parts).find((p) => p.cause === cause && p.count > 0);

describe('Each cause of a pipeline change', () => {
  it('a deal that did not exist is new', () => {
    expect(partOf('new', one(), one(deal()))).toMatchObject({ amountMinor: 100_000, weightedAmountMinor: 20_000, opportunityIds: ['d1'] });
  });

  it('a closed deal opened again is reopened', () => {
    expect(partOf('reopened', one(deal({ status: 'lost', probability: 0 })), one(deal()))).toMatchObject({ amountMinor: 100_000 });
  });

  it('a won deal leaves at what it counted before', () => {
    expect(partOf('won', one(deal()), one(deal({ status: 'won', probability: 100, amountMinor: 150_000 })))).toMatchObject({ amountMinor: -100_000, weightedAmountMinor: -20_000 });
  });

  it('a lost deal leaves', () => {
    expect(partOf('lost', one(deal()), one(deal({ status: 'lost', probability: 0 })))).toMatchObject({ amountMinor: -100_000 });
  });

  it('an amount raised counts at the old probability', () => {
    expect(partOf('amount-up', one(deal()), one(deal({ amountMinor: 130_000 })))).toMatchObject({ amountMinor: 30_000, weightedAmountMinor: 6_000 });
  });

  it('an amount lowered', () => {
    expect(partOf('amount-down', one(deal()), one(deal({ amountMinor: 40_000 })))).toMatchObject({ amountMinor: -60_000 });
  });

  it('a close date moved into the period pulls the deal in', () => {
    const period = { closeFrom: '2027-01-01', closeTo: '2027-03-31' };
    expect(partOf('pulled-into-period', one(deal({ expectedCloseDate: '2027-05-01' })), one(deal()), period)).toMatchObject({ amountMinor: 100_000 });
  });

  it('a close date moved out of the period pushes the deal out', () => {
    const period = { closeFrom: '2027-01-01', closeTo: '2027-03-31' };
    expect(partOf('pushed-out-of-period', one(deal()), one(deal({ expectedCloseDate: '2027-05-01' })), period)).toMatchObject({ amountMinor: -100_000 });
  });

  it('a deal handed to an owner outside the filter is reassigned out', () => {
    expect(partOf('reassigned-out', one(deal()), one(deal({ ownerId: 'ben' })), { ownerIds: ['ana'] })).toMatchObject({ amountMinor: -100_000 });
  });

  it('a deal handed to an owner inside the filter is reassigned in', () => {
    expect(partOf('reassigned-in', one(deal({ ownerId: 'ben' })), one(deal()), { ownerIds: ['ana'] })).toMatchObject({ amountMinor: 100_000 });
  });

  it('a stage moved back lowers the weighted value at the new amount, not the total', () => {
    expect(partOf('stage-moved-back', one(deal({ stage: 'proposal', probability: 60 })), one(deal()))).toMatchObject({ amountMinor: 0, weightedAmountMinor: -40_000 });
  });

  it('a stage moved forward', () => {
    expect(partOf('stage-moved-forward', one(deal()), one(deal({ stage: 'proposal', probability: 60 })))).toMatchObject({ weightedAmountMinor: 40_000 });
  });

  it('a probability changed within a stage', () => {
    expect(partOf('probability-changed', one(deal()), one(deal({ probability: 25 })))).toMatchObject({ weightedAmountMinor: 5_000 });
  });

  it('a currency changed leaves one currency and enters the other', () => {
    const parts = explainPipelineChange(one(deal()), one(deal({ currency: 'EUR', amountMinor: 90_000 })), {}).currencies;
    expect(parts.map((c) => [c.currency, c.change.amountMinor])).toEqual([['EUR', 90_000], ['USD', -100_000]]);
  });
});
