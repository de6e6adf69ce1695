import fc from 'fast-check';
import { type CommandContext, DomainError, SqliteEventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { handleTeamMember } from '../../../team';
import { type OpportunityCommand, STAGES } from '../../domain';
import { handleOpportunity } from '../../application';
import { pipelineAsOf } from './opportunity-as-of';
import { CHANGE_CAUSES, explainPipelineChange, pipelineChanges, type PipelineChangesFilter } from './pipeline-changes';

const IDS = Array.from({ length: 6 }, (_, i) => `8f0c0c52-0000-4000-8000-00000000000${i + 1}`);
const OWNERS = ['ana', 'ben'];
const money = fc.record({ amountMinor: fc.integer({ min: 0, max: 5_000_000 }), currency: fc.constantFrom('USD', 'EUR') });
const date = fc.integer({ min: 0, max: 400 }).map((days) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
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
    stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
    probability: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  }),
  fc.record({ opportunityId, type: fc.constant('UpdateOpportunityDetails' as const), amount: fc.option(money, { nil: undefined }), expectedCloseDate: fc.option(date, { nil: undefined }) }),
  fc.record({ opportunityId, type: fc.constant('ReassignOwner' as const), ownerId: fc.constantFrom(...OWNERS) }),
  fc.record({
    opportunityId,
    type: fc.constant('ChangeStage' as const),
    stage: fc.constantFrom(...STAGES),
    reason: fc.constant('moved'),
    probability: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  }),
  fc.record({ opportunityId, type: fc.constant('MarkWon' as const), amount: fc.option(money, { nil: undefined }) }),
  fc.record({ opportunityId, type: fc.constant('MarkLost' as const), reason: fc.constant('price'), competitor: fc.constant(null) }),
  fc.record({ opportunityId, type: fc.constant('Reopen' as const), reason: fc.constant(null), stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }) }),
);

const filter: fc.Arbitrary<PipelineChangesFilter> = fc.record({ ownerIds: fc.subarray(OWNERS, { minLength: 1 }), closeFrom: date, closeTo: date }, { requiredKeys: [] });

const context = (userId: string, role: 'rep' | 'admin'): CommandContext => ({
  commandId: crypto.randomUUID(),
  correlationId: 'c',
  causationId: 'c',
  actor: { userId, role },
  occurredAt: new Date().toISOString(),
});

async function withTeam(): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(':memory:');
  for (const userId of OWNERS) {
    await handleTeamMember(store, { type: 'AddTeamMember', userId, name: userId, role: 'rep', managerId: null, regionalOffice: null }, context('admin', 'admin'));
  }
  return store;
}

/** Runs commands as their owners' peers would, keeping only what the domain accepts. */
async function run(store: SqliteEventStore, commands: readonly WithoutTimeAndActor<OpportunityCommand>[]): Promise<number> {
  let accepted = 0;
  for (const each of commands) {
    accepted += await handleOpportunity(store, each, context('admin', 'admin')).then(
      () => 1,
      (error: unknown) => {
        if (error instanceof DomainError) return 0;
        throw error;
      },
    );
  }
  return accepted;
}

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
          const changes = await pipelineChanges(store, pipelineFilter, from, to);
          for (const [instant, side] of [[from, 'atFrom'], [to, 'atTo']] as const) {
            const pipeline = await pipelineAsOf(store, pipelineFilter, instant);
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
