/** Boundaries of ../shared/DESIGN.md rule 12, checked in CI by `npm run boundaries`. */
const DATABASE_CLIENTS = '^node_modules/(@eventstore/db-client|@kurrent/kurrentdb-client|better-sqlite3|mongodb|mingo)/';
// document-update.ts is the read stores' shared update evaluator: mingo applies the updates its fast path does not.
const ADAPTER_FILES = '(sqlite-database|sqlite-event-store|esdb-event-store|sqlite-read-store|mongo-read-store|document-update)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only itself, the shared pricing arithmetic and the pure kernel (Event, Decider, DomainError, Money).',
      severity: 'error',
      from: { path: '^libs/sales/src/([^/]+)/domain/', pathNot: '[.]spec[.]ts$' },
      to: {
        pathNot: ['^libs/sales/src/$1/domain/', '^libs/sales/src/pricing/', '^libs/event-sourcing/src/kernel/'],
      },
    },
    {
      name: 'only-adapters-import-database-clients',
      severity: 'error',
      from: { pathNot: ADAPTER_FILES },
      to: { path: DATABASE_CLIENTS },
    },
    {
      name: 'modules-meet-through-index',
      comment: 'A sales module reaches another only through its index.ts.',
      severity: 'error',
      from: { path: '^libs/sales/src/([^/]+)/' },
      to: { path: '^libs/sales/src/([^/]+)/', pathNot: ['^libs/sales/src/$1/', '^libs/sales/src/[^/]+/index[.]ts$'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|[.]spec[.]ts$|[.]e2e-spec[.]ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
