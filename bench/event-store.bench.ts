import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventToAppend, SqliteEventStore } from '@ledger/event-sourcing';
import { type Row, percentile, round } from './support/stats';
import { sized } from './support/mode';

const metadata = {
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { userId: 'bench', role: 'rep' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
};
const data = { opportunityId: randomUUID(), stage: 'proposal', probability: 60, forecastCategory: 'best-case', amount: { amountMinor: 1_250_000, currency: 'USD' } };
const anEvent = (): EventToAppend => ({ id: randomUUID(), type: 'OpportunityStageChanged', data, metadata });

type Scenario = { name: string; eventsPerAppend: number; concurrency: number; appends: number };

/** Each worker appends to its own streams at the exact expected revision, as command handlers do. */
async function run(store: SqliteEventStore, scenario: Scenario): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    const stream = `bench-${randomUUID()}`;
    let revision: number | 'no_stream' = 'no_stream';
    while (next < scenario.appends) {
      next += 1;
      const events = Array.from({ length: scenario.eventsPerAppend }, anEvent);
      const started = process.hrtime.bigint();
      const result = await store.append(stream, events, revision);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      revision = result.nextExpectedRevision;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    'events/append': scenario.eventsPerAppend,
    'appends in flight': scenario.concurrency,
    appends: latencies.length,
    'events/s': round((latencies.length * scenario.eventsPerAppend) / seconds),
    'p50 ms': round(percentile(latencies, 50), 2),
    'p99 ms': round(percentile(latencies, 99), 2),
  };
}

export async function benchEventStore(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-event-store-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    const scenarios: Scenario[] = [
      { name: 'single-event, one at a time', eventsPerAppend: 1, concurrency: 1, appends: sized(2_000, 200) },
      { name: 'single-event, concurrent (group commit)', eventsPerAppend: 1, concurrency: 256, appends: sized(100_000, 5_000) },
      { name: '100-event batches, one at a time', eventsPerAppend: 100, concurrency: 1, appends: sized(500, 20) },
      { name: '100-event batches, concurrent', eventsPerAppend: 100, concurrency: 16, appends: sized(2_000, 100) },
    ];
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      rows.push(await run(store, scenario));
      process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    }
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
