import { Counter } from 'prom-client';

/** Prometheus metric of the embedded store's reads (served at GET /metrics), by how each was answered (see `QueryPlan`). */
export const readStoreFinds = new Counter({
  name: 'ledger_read_store_finds_total',
  help: 'Reads of the embedded read store by collection and plan: walk (an ordered index, stopping at the page when it gives the order), lookup (the documents an index lists), scan (every document of the collection)',
  labelNames: ['collection', 'plan'] as const,
});
