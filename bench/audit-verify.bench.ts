import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventToAppend, SqliteEventStore } from '@ledger/event-sourcing';
import { type Row, round } from './support/stats';
import { sized } from './support/mode';

const EVENTS = Number(process.env.BENCH_VERIFY_EVENTS ?? sized(1_000_000, 20_000));
const STREAMS = sized(20_000, 1_000);
const BATCH = 1_000;

const metadata = {
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { userId: 'bench', role: 'rep' as const },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
};
const anEvent = (n: number): EventToAppend => ({
  id: randomUUID(),
  type: 'OpportunityStageChanged',
  data: { opportunityId: randomUUID(), stage: 'proposal', probability: n % 100, forecastCategory: 'best-case', amount: { amountMinor: 1_250_000 + n, currency: 'USD' } },
  metadata,
});

/** Wall time, and the CPU time of this process: on a shared machine the second says what the work costs. */
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> => {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
};

/**
 * `GET /audit/verify` and `salesctl audit verify` over a log of EVENTS events in STREAMS streams
 * (each batch goes to the next stream, so the log interleaves them): both chains of every event,
 * then one stream's chain, then a range of 100,000 positions in the middle of the log.
 */
export async function benchAuditVerify(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-verify-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    const revisions = new Map<string, number>();
    const fill = await timed(async () => {
      for (let written = 0; written < EVENTS; written += BATCH) {
        const stream = `opportunity-${(written / BATCH) % STREAMS}`;
        const expected = revisions.get(stream) ?? 'no_stream';
        const result = await store.append(stream, Array.from({ length: Math.min(BATCH, EVENTS - written) }, (_, i) => anEvent(written + i)), expected);
        revisions.set(stream, result.nextExpectedRevision);
      }
    });
    process.stdout.write(`  wrote ${EVENTS} events in ${fill.seconds.toFixed(1)} s\n`);
    const rows: Row[] = [];
    const measure = async (name: string, work: () => ReturnType<SqliteEventStore['verifyChain']>): Promise<void> => {
      const { value, seconds, cpuSeconds } = await timed(work);
      if (!value.ok) throw new Error(`verification failed: ${JSON.stringify(value.firstMismatch, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
      rows.push({
        verification: name,
        events: value.checked,
        seconds: round(seconds, 2),
        'events/s': round(value.checked / seconds),
        'CPU seconds': round(cpuSeconds, 2),
        'events per CPU second': round(value.checked / cpuSeconds),
      });
      process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    };
    await measure('the whole log (stream chains and the $all chain)', () => store.verifyChain());
    await measure('one stream (its chain)', () => store.verifyChain({ stream: 'opportunity-7' }));
    const middle = Math.floor(EVENTS / 2);
    await measure('a range of 100,000 positions in the middle of the log', () =>
      store.verifyChain({ fromPosition: { commit: BigInt(middle), prepare: BigInt(middle) }, toPosition: { commit: BigInt(middle + 99_999), prepare: BigInt(middle + 99_999) } }),
    );
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
