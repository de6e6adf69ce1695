import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { rebuildProjections, SqliteReadStore } from '@ledger/read-store';
import {
  GetPipelineHandler,
  GetPipelineQuery,
  handleOpportunity,
  handleTeamMember,
  OPPORTUNITY_CATEGORY,
  opportunityAsOf,
  opportunityStream,
  opportunityViewProjection,
  pipelineAsOf,
  pipelineChanges,
  STAGES,
} from '@ledger/sales';
import { percentile, round, type Row } from './support/stats';
import { sized } from './support/mode';

const ACCOUNT = 'a0c0c52a-0000-4000-8000-000000000001';
const OPPORTUNITIES = sized(20_000, 200);
const LONG_STREAM_EVENTS = sized(1_000, 100);
const SAMPLES = sized(20, 3);

const as = (userId: string): CommandContext => ({
  commandId: crypto.randomUUID(),
  correlationId: crypto.randomUUID(),
  causationId: crypto.randomUUID(),
  actor: { userId, role: 'admin' },
  occurredAt: new Date().toISOString(),
});

const idOf = (n: number): string => `8f0c0c52-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function timed(samples: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50), 1), p99: round(percentile(times, 99), 1) };
}

/** A log of many deals (three events each) and one deal whose stream is 1,000 events long. */
async function seed(store: SqliteEventStore): Promise<Date> {
  await handleTeamMember(store, { type: 'AddTeamMember', userId: 'ana', name: 'Ana', role: 'rep', managerId: null, regionalOffice: null }, as('admin'));
  const open = (n: number) =>
    handleOpportunity(
      store,
      {
        type: 'OpenOpportunity',
        opportunityId: idOf(n),
        title: `Deal ${n}`,
        accountId: ACCOUNT,
        accountName: 'Acme',
        ownerId: 'ana',
        amount: { amountMinor: 10_000 + (n % 97) * 1_000, currency: 'USD' },
        expectedCloseDate: `2027-${String((n % 12) + 1).padStart(2, '0')}-15`,
        source: 'web',
        productInterest: null,
      },
      as('admin'),
    );
  const move = (n: number, stage: (typeof STAGES)[number]) =>
    handleOpportunity(store, { type: 'ChangeStage', opportunityId: idOf(n), stage, reason: 'moved' }, as('admin'));
  for (let n = 1; n <= OPPORTUNITIES / 2; n += 1) await Promise.all([open(n), open(n + OPPORTUNITIES / 2)]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const middle = new Date();
  await new Promise((resolve) => setTimeout(resolve, 5));
  for (let n = 1; n <= OPPORTUNITIES; n += 2) await Promise.all([move(n, 'qualification'), move(n + 1, 'proposal')]);
  const long = 0;
  await open(long);
  for (let i = 1; i < LONG_STREAM_EVENTS; i += 1) {
    await (i % 2 === 0
      ? move(long, STAGES[i % STAGES.length] === 'prospecting' ? 'qualification' : STAGES[i % STAGES.length])
      : handleOpportunity(store, { type: 'UpdateOpportunityDetails', opportunityId: idOf(long), amount: { amountMinor: 50_000 + i, currency: 'USD' } }, as('admin')));
  }
  return middle;
}

/** Time travel: reads as of an instant fold the log through the live projections; what that costs next to the live read. */
export async function benchAsOf(): Promise<Row[]> {
  const store = new SqliteEventStore(':memory:');
  const live = new SqliteReadStore(':memory:');
  try {
    const middle = await seed(store);
    const events = Number((await store.lastPosition())?.commit ?? 0);
    const now = new Date();
    await rebuildProjections(store, live, [opportunityViewProjection]);
    const liveHandler = new GetPipelineHandler(live);
    const longStream = (await store.readStream(`opportunity-${idOf(0)}`)).length;
    const rows: Row[] = [];
    const add = (measure: string, folded: number, timing: { p50: number; p99: number }, samples = SAMPLES): void => {
      rows.push({ measure, 'events folded': folded, samples, 'p50 ms': timing.p50, 'p99 ms': timing.p99 });
      process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    };
    add('GET /opportunities/{id}?asOf= (one deal, its stream folded)', longStream, await timed(SAMPLES, () => opportunityAsOf(store, opportunityStream(idOf(0)), idOf(0), now)));
    add('GET /pipeline, live (cube cells)', 0, await timed(SAMPLES, () => liveHandler.execute(new GetPipelineQuery({}))));
    const beforeAnything = new Date(0);
    add(
      'GET /pipeline?asOf= (every opportunity stream folded, from the start)',
      events,
      // Asking for an instant before the log first sends the kept fold back to its start.
      await timed(5, async () => {
        await pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, beforeAnything);
        await pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, now);
      }),
      5,
    );
    add('GET /pipeline/changes (one fold, read at two instants)', events, await timed(5, () => pipelineChanges(store, OPPORTUNITY_CATEGORY, {}, middle, now)), 5);
    // The category's fold is kept between reads and moves forward: the same instant again folds nothing, a later one what lies between.
    await pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, now);
    add('GET /pipeline?asOf= again at the same instant (the kept fold)', 0, await timed(SAMPLES, () => pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, now)));
    const forward: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, middle);
      const started = performance.now();
      await pipelineAsOf(store, OPPORTUNITY_CATEGORY, {}, now);
      forward.push(performance.now() - started);
    }
    forward.sort((a, b) => a - b);
    add('GET /pipeline?asOf= at a later instant, right after one at the middle of the log (folds the second half)', Math.round(events / 2), { p50: round(percentile(forward, 50), 1), p99: round(percentile(forward, 99), 1) }, 5);
    return rows;
  } finally {
    await live.close();
    await store.close();
  }
}
