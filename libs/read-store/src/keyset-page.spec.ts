import { findPage, type Page } from './keyset-page';
import { SqliteReadStore } from './sqlite-read-store';

type Row = { _id: string; rank: number | null };

describe('keyset pages (findPage)', () => {
  let store: SqliteReadStore;
  const ranks = [12, 3, 10, 9, null, 1, 2, 11];

  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    const writes = ranks.map((rank, i) => ({ op: 'upsert' as const, collection: 'rows', id: `row-${i}`, update: { $set: { rank } } }));
    await store.commit('rows-projection', writes, { commit: 1n, prepare: 1n });
  });
  afterEach(() => store.close());

  async function walk(direction: 1 | -1): Promise<(number | null)[]> {
    const seen: (number | null)[] = [];
    let page: Page<Row> = await findPage<Row>(store, 'rows', [], { field: 'rank', direction, limit: 3 });
    seen.push(...page.items.map((row) => row.rank));
    while (page.nextCursor) {
      page = await findPage<Row>(store, 'rows', [], { field: 'rank', direction, limit: 3, cursor: page.nextCursor });
      seen.push(...page.items.map((row) => row.rank));
    }
    return seen;
  }

  it('pages a number field in numeric order (10 after 9), the record without one first', async () => {
    expect(await walk(1)).toEqual([null, 1, 2, 3, 9, 10, 11, 12]);
  });

  it('pages it backwards too, the record without one last', async () => {
    expect(await walk(-1)).toEqual([12, 11, 10, 9, 3, 2, 1, null]);
  });

  it('refuses a cursor given out for the other direction', async () => {
    const first = await findPage<Row>(store, 'rows', [], { field: 'rank', direction: 1, limit: 3 });
    await expect(findPage<Row>(store, 'rows', [], { field: 'rank', direction: -1, limit: 3, cursor: first.nextCursor! })).rejects.toMatchObject({ code: 'invalid-cursor' });
  });
});
