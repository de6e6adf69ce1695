import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventMetadata, type EventToAppend, SqliteEventStore } from '@ledger/event-sourcing';
import { startBenchApi } from './support/api';
import { type Row, percentile, round } from './support/stats';
import { sized } from './support/mode';

const DEALS = sized(100_000, 500);
/** Events per deal: opened, then alternating stage changes and forecast adjustments. */
const EVENTS_PER_DEAL = 10;
/** Deals appended side by side, so that their events interleave in the log (DEALS / 2 is a multiple of it: the middle is taken between waves). */
const WAVE = sized(1_000, 250);
const LONG_STREAMS = sized(100, 10);
const LONG_STREAM_EVENTS = sized(1_000, 100);
const REPS = Array.from({ length: 35 }, (_, i) => `rep-${i}`);
const SAMPLES = sized(200, 10);
const STAGES = ['qualification', 'needs-analysis', 'proposal', 'negotiation'] as const;

const dealId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const eventId = (stream: number, revision: number): string =>
  `00000000-${String(revision).padStart(4, '0')}-4000-8000-${String(stream).padStart(12, '0')}`;

const metadata = (deal: number, revision: number): EventMetadata => ({
  commandId: eventId(deal, revision),
  correlationId: `flow-${deal}`,
  causationId: eventId(deal, revision),
  actor: { userId: REPS[(deal + revision) % REPS.length], role: 'rep' },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
});

/** The `revision`-th event of a deal, as the command side writes it. */
function dealEvent(deal: number, revision: number): EventToAppend {
  const id = eventId(deal, revision);
  if (revision === 0) {
    return {
      id,
      type: 'OpportunityOpened',
      data: {
        opportunityId: dealId(deal),
        title: `Deal ${deal}`,
        accountId: null,
        accountName: `Account ${deal % 850}`,
        ownerId: REPS[deal % REPS.length],
        amount: { amountMinor: 100_000 + deal, currency: 'USD' },
        expectedCloseDate: '2027-06-30',
        source: 'web',
        productInterest: null,
        stage: 'prospecting',
        probability: 10,
        forecastCategory: 'pipeline',
        openedAt: new Date().toISOString(),
        openedBy: REPS[deal % REPS.length],
        openedOn: '2026-11-28',
        assignment: null,
      },
      metadata: { ...metadata(deal, revision), schemaVersion: 2 },
    };
  }
  if (revision % 2 === 1) {
    const from = revision === 1 ? 'prospecting' : STAGES[((revision - 3) / 2) % STAGES.length];
    const to = STAGES[((revision - 1) / 2) % STAGES.length];
    return {
      id,
      type: 'OpportunityStageChanged',
      data: { opportunityId: dealId(deal), from, to, direction: 'forward', reason: null, probability: 20 + (revision % 60), forecastCategory: 'pipeline', changedAt: new Date().toISOString() },
      metadata: metadata(deal, revision),
    };
  }
  return {
    id,
    type: 'OpportunityForecastAdjusted',
    data: { opportunityId: dealId(deal), probability: 30 + (revision % 60), forecastCategory: 'best-case', reason: null, adjustedAt: new Date().toISOString() },
    metadata: metadata(deal, revision),
  };
}

/**
 * 1M events of 100k deals, interleaved in waves of 1,000 deals, then 100 deals of 1,000 events
 * each interleaved one event at a time at the end of the log (a page of 100 of those events is one
 * event deep in each of 100 streams of up to 1,000 events).
 * Appended straight to the embedded store (the command path is not what is measured here).
 */
async function seed(dataDir: string): Promise<{ events: number; longStart: number; middle: string; seconds: number }> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  const started = Date.now();
  let events = 0;
  let middle = '';
  for (let wave = 0; wave < DEALS; wave += WAVE) {
    if (wave === DEALS / 2) middle = new Date().toISOString();
    for (let revision = 0; revision < EVENTS_PER_DEAL; revision += 1) {
      await Promise.all(
        Array.from({ length: WAVE }, (_, k) => wave + k).map((deal) =>
          store.append(`opportunity-${dealId(deal)}`, [dealEvent(deal, revision)], revision === 0 ? 'no_stream' : revision - 1),
        ),
      );
      events += WAVE;
    }
  }
  const longStart = events + 1;
  for (let revision = 0; revision < LONG_STREAM_EVENTS; revision += 1) {
    await Promise.all(
      Array.from({ length: LONG_STREAMS }, (_, k) => DEALS + k).map((deal) =>
        store.append(`opportunity-${dealId(deal)}`, [dealEvent(deal, revision)], revision === 0 ? 'no_stream' : revision - 1),
      ),
    );
    events += LONG_STREAMS;
  }
  await store.close();
  return { events, longStart, middle, seconds: (Date.now() - started) / 1000 };
}

/** `GET /audit/events` one request at a time (latency, not throughput): p50 and p99 of `SAMPLES` requests per query. */
export async function benchAuditHistory(): Promise<{ seed: Row[]; queries: Row[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    const seeded = await seed(dataDir);
    process.stdout.write(`  seeded ${seeded.events} events in ${seeded.seconds.toFixed(1)} s\n`);
    const api = await startBenchApi(dataDir, { RUN_PROJECTIONS: 'false' });
    try {
      const random = (n: number): number => Math.floor(Math.random() * n);
      const queries: { name: string; path: () => string }[] = [
        { name: 'long streams: a random page of the last 100k events (100 streams of 1,000 events, one event of each per page)', path: () => `/audit/events?cursor=${seeded.longStart + random(seeded.events - seeded.longStart)}` },
        { name: 'newest page, read again (checkpoints kept)', path: () => '/audit/events' },
        { name: 'any page: cursor at a random position', path: () => `/audit/events?cursor=${1 + random(seeded.events)}` },
        { name: 'oldest first from a random position', path: () => `/audit/events?order=oldest&cursor=${1 + random(seeded.events)}` },
        { name: 'actor (1 of 35 reps), random position', path: () => `/audit/events?actor=${REPS[random(REPS.length)]}&cursor=${1 + random(seeded.events)}` },
        { name: 'correlation id (one deal\'s flow)', path: () => `/audit/events?correlationId=flow-${random(DEALS)}` },
        { name: 'type OpportunityForecastAdjusted, random position', path: () => `/audit/events?type=OpportunityForecastAdjusted&cursor=${1 + random(seeded.events)}` },
        { name: 'category opportunity + type + actor, random position', path: () => `/audit/events?category=opportunity&type=OpportunityStageChanged&actor=${REPS[random(REPS.length)]}&cursor=${1 + random(seeded.events)}` },
        { name: 'recorded from the middle of the log, oldest first', path: () => `/audit/events?from=${seeded.middle}&order=oldest` },
        { name: 'one stream (GET /audit/streams/…)', path: () => `/audit/streams/opportunity-${dealId(random(DEALS))}` },
      ];
      const rows: Row[] = [];
      for (const query of queries) {
        const times: number[] = [];
        let events = 0;
        let failures = 0;
        for (let i = 0; i < SAMPLES; i += 1) {
          const started = performance.now();
          const response = await fetch(`${api.url}${query.path()}`, { headers: { authorization: `Bearer ${api.token}` } });
          const body = (await response.json()) as { events?: unknown[] };
          times.push(performance.now() - started);
          if (response.status !== 200) failures += 1;
          events += body.events?.length ?? 0;
        }
        times.sort((a, b) => a - b);
        rows.push({ query: query.name, requests: SAMPLES, 'events/page': round(events / SAMPLES, 1), 'p50 ms': round(percentile(times, 50), 1), 'p99 ms': round(percentile(times, 99), 1), 'non-2xx': failures });
        process.stdout.write(`  ${JSON.stringify(rows[rows.length - 1])}\n`);
      }
      return { seed: [{ events: seeded.events, streams: DEALS + LONG_STREAMS, 'seconds to append': round(seeded.seconds, 1) }], queries: rows };
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
