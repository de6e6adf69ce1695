import { resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-sourcing';
import { importCrmSales, importStream, loadImport, readCrmSalesFolder, UNKNOWN_ACCOUNT_ID } from './crm-sales-import';

const FOLDER = resolve(__dirname, '../../../../../seed/crm-sales');
const ACTOR = { userId: 'system:import', role: 'system' } as const;

describe('importCrmSales on the bundled data set', () => {
  let store: SqliteEventStore;
  beforeAll(() => {
    store = new SqliteEventStore(':memory:');
  });
  afterAll(() => store.close());

  it('imports every row through the command path, records its report, and a second run appends nothing', async () => {
    const files = readCrmSalesFolder(FOLDER);
    const phases: string[] = [];
    const first = await importCrmSales(store, files, { actor: ACTOR, onProgress: (progress) => phases.push(progress.phase) });
    expect(first.counts).toEqual({
      products: { made: 7, alreadyThere: 0 },
      teamMembers: { made: 41, alreadyThere: 0 },
      accounts: { made: 86, alreadyThere: 0 },
      opportunities: { made: 8800, alreadyThere: 0 },
      closed: { made: 6711, alreadyThere: 0 },
    });
    // import started + products + members + accounts + opened + closed + import completed
    expect(first.events).toBe(1 + 7 + 41 + 86 + 8800 + 6711 + 1);
    expect(Number((await store.lastPosition())!.commit)).toBe(first.events);
    expect([...new Set(phases)]).toEqual(['products', 'team', 'accounts', 'opportunities', 'done']);

    const recorded = await loadImport(store, first.importId);
    expect(recorded.status).toBe('completed');
    const issues = recorded.status === 'completed' ? recorded.completed.issues : [];
    const lines = (rule: string) => issues.filter((group) => group.rule === rule).flatMap((group) => group.lines);
    expect(lines('product-name-variant')).toHaveLength(1480);
    expect(lines('account-missing')).toHaveLength(1425);
    expect(lines('engage-date-missing')).toHaveLength(500);
    expect(lines('sector-misspelt')).toHaveLength(12);
    expect(issues.find((group) => group.rule === 'sector-misspelt')).toMatchObject({ file: 'accounts.csv', value: 'technolgy' });

    const second = await importCrmSales(store, files, { actor: ACTOR });
    expect(second.importId).toBe(first.importId);
    expect(second.events).toBe(0);
    expect(second.counts.opportunities).toEqual({ made: 0, alreadyThere: 8800 });
    expect(Number((await store.lastPosition())!.commit)).toBe(first.events);
    expect((await store.readStream(importStream(first.importId))).map((event) => event.type)).toEqual(['ImportStarted', 'ImportCompleted']);
  }, 120_000);

  it('records open deals without an account on the placeholder account, which exists', async () => {
    const [registered] = await store.readStream(`account-${UNKNOWN_ACCOUNT_ID}`);
    expect(registered.type).toBe('AccountRegistered');
  });
});
