import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePosition } from '@ledger/event-sourcing';
import type { CubeDefinition, Document } from '../read-store.port';
import { SqliteReadStore } from '../sqlite-read-store';
import { type CubeRow, queryCube } from './cube-query';

const FACTS = 'snapshot_facts';
const measured: Document[] = [];
/** Amounts by owner; every fact it measures is noted, to see whether cells were added up or read back. */
const CUBE: CubeDefinition = {
  name: 'snapshot-amounts',
  source: FACTS,
  cuboids: [[], ['owner']],
  measure: (fact) => {
    measured.push(fact);
    return { dims: { owner: fact.owner as string }, sums: { amount: fact.amount as number } };
  },
};
const BY_OWNER = { groupBy: ['owner'] };
const byOwner = (rows: CubeRow[]): CubeRow[] => [...rows].sort((a, b) => String(a.key.owner).localeCompare(String(b.key.owner)));
const at = (commit: number) => parsePosition(String(commit))!;

let folder: string;
let file: string;

/** A store on the file with the cube registered; closes it after `use`. */
async function withStore<T>(use: (store: SqliteReadStore) => Promise<T>): Promise<T> {
  const store = new SqliteReadStore(file);
  try {
    await store.registerCubes([CUBE]);
    return await use(store);
  } finally {
    await store.close();
  }
}

const factWrite = (id: string, owner: string, amount: number) => ({ op: 'upsert' as const, collection: FACTS, id, update: { $set: { owner, amount } } });

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cube-snapshot-'));
  file = join(folder, 'read-models.db');
  await withStore(async (store) => {
    await store.commit('facts', [factWrite('a', 'ana', 100), factWrite('b', 'ben', 50), factWrite('c', 'ana', 7)], at(1));
    await queryCube(store, CUBE, BY_OWNER);
  });
  measured.length = 0;
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('Cube cells saved when the embedded store closes', () => {
  it('are read back on the next open when nothing was written since: no fact is measured again', async () => {
    const rows = await withStore((store) => queryCube(store, CUBE, BY_OWNER));
    expect({ rows: byOwner(rows), measured: measured.length }).toEqual({
      rows: [
        { key: { owner: 'ana' }, n: 2, s: { amount: 107 } },
        { key: { owner: 'ben' }, n: 1, s: { amount: 50 } },
      ],
      measured: 0,
    });
  });

  it('are added up from the facts again after a write committed by a connection that never read them', async () => {
    await withStore((store) => store.commit('facts', [factWrite('b', 'ben', 80)], at(2)));
    const rows = await withStore((store) => queryCube(store, CUBE, BY_OWNER));
    expect(byOwner(rows)).toEqual([
      { key: { owner: 'ana' }, n: 2, s: { amount: 107 } },
      { key: { owner: 'ben' }, n: 1, s: { amount: 80 } },
    ]);
  });

  it('are added up again after a commit that was not counted (by an older version of the store), which moved a checkpoint', async () => {
    const older = new Database(file);
    older.prepare(`UPDATE documents SET body = json_set(body, '$.amount', 80) WHERE collection = ? AND id = 'b'`).run(FACTS);
    older.prepare(`UPDATE checkpoints SET position = '2', updated_at = '2030-01-01T00:00:00.000Z' WHERE projection = 'facts'`).run();
    older.close();
    const rows = await withStore((store) => queryCube(store, CUBE, BY_OWNER));
    expect(byOwner(rows)).toEqual([
      { key: { owner: 'ana' }, n: 2, s: { amount: 107 } },
      { key: { owner: 'ben' }, n: 1, s: { amount: 80 } },
    ]);
  });

  it('are added up again after a reset (a rebuild)', async () => {
    await withStore((store) => store.reset('facts', [FACTS]));
    expect(await withStore((store) => queryCube(store, CUBE, BY_OWNER))).toEqual([]);
  });

  it('are not read back by a cube whose measure has changed', async () => {
    const doubled: CubeDefinition = { ...CUBE, measure: (fact) => ({ dims: { owner: fact.owner as string }, sums: { amount: 2 * (fact.amount as number) } }) };
    const store = new SqliteReadStore(file);
    try {
      await store.registerCubes([doubled]);
      expect(byOwner(await queryCube(store, doubled, BY_OWNER))).toEqual([
        { key: { owner: 'ana' }, n: 2, s: { amount: 214 } },
        { key: { owner: 'ben' }, n: 1, s: { amount: 100 } },
      ]);
    } finally {
      await store.close();
    }
  });
});
