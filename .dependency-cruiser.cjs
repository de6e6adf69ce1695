/** Boundaries of ../shared/DESIGN.md rule 12, checked in CI by `npm run boundaries`. */
const DATABASE_CLIENTS = '^node_modules/(@eventstore/db-client|@kurrent/kurrentdb-client|better-sqlite3|mongodb|mingo)/';
// document-update.ts is the read stores' shared update evaluator: mingo applies the updates its fast path does not.
// testing/scripted-mongodb.ts is a MongoDB server in the test process (mingo's queries, the driver's own error classes).
// scripted-eventstoredb.ts is test support: it throws the client's own error classes and uses its constants, as a server would make it do.
const ADAPTER_FILES = '(scripted-mongodb|scripted-eventstoredb|sqlite-database|sqlite-event-store|sqlite-log-writer|sqlite-snapshot-store|sqlite-subject-key-store|mongo-subject-key-store|esdb-event-store|sqlite-read-store|mongo-read-store|document-update)[.]ts$';

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
      name: 'api-is-the-outer-layer',
      comment: "A module's domain, application and read models never import its HTTP layer (api/ → application → domain).",
      severity: 'error',
      from: { path: '^libs/sales/src/([^/]+)/(domain|application|read-models)/' },
      to: { path: '^libs/sales/src/[^/]+/api/' },
    },
    {
      name: 'read-models-do-not-run-commands',
      comment: 'Read models read: they never import the command side of their module.',
      severity: 'error',
      from: { path: '^libs/sales/src/([^/]+)/read-models/' },
      to: { path: '^libs/sales/src/$1/application/' },
    },
    {
      name: 'a-bus-command-lives-with-its-handler',
      comment: 'DESIGN "Layout of a module": no *.command.ts files; a bus command is declared in the handler file that runs it.',
      severity: 'error',
      from: { path: '^libs/.+[.]command[.]ts$' },
      to: {},
    },
    {
      name: 'process-managers-are-plain-functions',
      comment: 'A process manager maps a decoded event to commands: no Nest, no rxjs (the commands it returns are dispatched by the worker).',
      severity: 'error',
      from: { path: '^libs/sales/src/processes/.+[.]process[.]ts$' },
      to: { path: '^node_modules/(@nestjs|rxjs)/' },
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
