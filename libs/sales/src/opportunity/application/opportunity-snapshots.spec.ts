import fc from 'fast-check';
import { fold, SqliteEventStore, snapshotWritesSettled } from '@ledger/event-sourcing';
import { opportunityDecider, opportunityEvents, type OpportunityState } from '../domain';
import { addOwners, OPPORTUNITY_IDS, opportunityCommand, OWNERS, runCommands } from '../testing/opportunity-commands.arbitrary';
import { loadOpportunity, opportunityStream } from './opportunity.handler';

const IDS = OPPORTUNITY_IDS.slice(0, 2);
const step = fc.record({ command: opportunityCommand(IDS.length), actor: fc.constantFrom({ userId: 'admin', role: 'admin' as const }, ...OWNERS.map((userId) => ({ userId, role: 'rep' as const }))) });

/** Each opportunity as a load gives it (from its snapshot) and as a fold of its whole stream. */
async function loadedAndFolded(store: SqliteEventStore): Promise<{ loaded: OpportunityState[]; folded: OpportunityState[] }> {
  await snapshotWritesSettled();
  const loaded = await Promise.all(IDS.map((id) => loadOpportunity(store, id)));
  const folded = await Promise.all(IDS.map(async (id) => fold(opportunityDecider, (await store.readStream(opportunityStream(id))).map(opportunityEvents.decode))));
  return { loaded, folded };
}

describe('opportunity snapshots', () => {
  it('load, after any sequence of commands, the state a full fold of each opportunity gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (steps, every) => {
        const store = new SqliteEventStore(':memory:', { snapshotEvery: every });
        try {
          await addOwners(store);
          await runCommands(store, steps);
          const { loaded, folded } = await loadedAndFolded(store);
          expect(loaded).toStrictEqual(folded);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('are taken of a long opportunity stream', async () => {
    const store = new SqliteEventStore(':memory:', { snapshotEvery: 2 });
    await addOwners(store);
    const closeDates = ['2027-07-01', '2027-07-02', '2027-07-03', '2027-07-04', '2027-07-05'];
    const accepted = await runCommands(store, [
      { command: { type: 'OpenOpportunity', opportunityId: IDS[0], title: 'Deal', accountId: 'a0c0c52a-0000-4000-8000-000000000001', accountName: 'Acme', ownerId: 'ana', amount: null, expectedCloseDate: '2027-06-30', source: 'web', productInterest: null } },
      ...closeDates.map((expectedCloseDate) => ({ command: { type: 'UpdateOpportunityDetails' as const, opportunityId: IDS[0], expectedCloseDate } })),
    ]);
    await snapshotWritesSettled();
    const snapshot = await store.snapshotsFor()!.read(opportunityStream(IDS[0]));
    await store.close();
    expect({ accepted, snapshot }).toMatchObject({ accepted: 6, snapshot: { revision: 3 } });
  });
});
