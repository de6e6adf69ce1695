import { Counter, Histogram } from 'prom-client';
import { IdempotencyKeyReusedError, StaleRevisionError, ConcurrencyConflictError } from './command-errors';
import { DomainError } from './kernel';

/** Prometheus metrics of the command path, in prom-client's default registry (served at GET /metrics). */
export const commandOutcomes = new Counter({
  name: 'ledger_commands_total',
  help: 'Commands run on an aggregate, by its category and result: appended, unchanged (nothing to append), replayed (idempotent retry), or the error code of a refusal',
  labelNames: ['aggregate', 'result'] as const,
});

export const eventStoreAppendSeconds = new Histogram({
  name: 'ledger_event_store_append_seconds',
  help: "Time of a command's append to the event store (fsync included), by aggregate category",
  labelNames: ['aggregate'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
});

/** The refusal's stable code; `error` for a fault, so that a label never holds a message. */
export function outcomeOf(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (error instanceof StaleRevisionError) return 'stale-revision';
  if (error instanceof ConcurrencyConflictError) return 'concurrency-conflict';
  if (error instanceof IdempotencyKeyReusedError) return 'idempotency-key-reused';
  return 'error';
}
