import type { Document, Filter, ReadStore } from '../read-store.port';
import { combinations, type CubeCell, type CubeDefinition, type Cuboid, cuboidsOf } from './cube';
import { coverRange, type TimeGrain, timeKey } from './periods';

const TIME_GRAINS: readonly string[] = ['month', 'quarter', 'year'];

export type CubeQuery = {
  /** Business dates, inclusive (YYYY-MM-DD); either may be left open. */
  readonly from?: string;
  readonly to?: string;
  /** Only facts whose dimension takes one of these values (null matches no value). */
  readonly where?: Readonly<Record<string, readonly (string | null)[]>>;
  /** Dimensions to group by, and at most one of `month`, `quarter`, `year`. */
  readonly groupBy?: readonly string[];
};

export type CubeRow = {
  /** The value of each grouped dimension (and of the time grain, `2017-03`, `2017-Q1`, `2017`). */
  readonly key: Readonly<Record<string, string | null>>;
  /** How many facts. */
  n: number;
  /** The measures' totals. */
  readonly s: Record<string, number>;
};

const registrations = new WeakMap<ReadStore, Map<string, Promise<void>>>();

/** A process that only reads (no projection worker registered the cube) registers it once before its first query. */
function registered(store: ReadStore, cube: CubeDefinition): Promise<void> {
  let cubes = registrations.get(store);
  if (!cubes) registrations.set(store, (cubes = new Map()));
  let registration = cubes.get(cube.name);
  if (!registration) cubes.set(cube.name, (registration = store.registerCubes([cube])));
  return registration;
}

/**
 * The smallest materialised cuboid that has every dimension the query groups or filters by, and no
 * multi-valued one it does not (that one would count a fact once per value).
 */
export function cuboidFor(cube: CubeDefinition, dims: readonly string[]): Cuboid {
  const multiValued = cube.multiValued ?? [];
  const fitting = cuboidsOf(cube).filter(
    (cuboid) => dims.every((dim) => cuboid.dims.includes(dim)) && cuboid.dims.every((dim) => dims.includes(dim) || !multiValued.includes(dim)),
  );
  if (fitting.length === 0) throw new Error(`Cube ${cube.name} keeps no totals by ${dims.join(', ')}`);
  return fitting.reduce((best, cuboid) => (cuboid.dims.length < best.dims.length ? cuboid : best));
}

/**
 * Totals of a cube, grouped and filtered, added up from cells: whole years and months from the
 * cheapest cuboid that has the dimensions asked for, and the partial months at the ends of the
 * range from the facts of those days (found by the date index). The work depends on how many
 * cells answer, never on how many facts there are in all.
 */
export async function queryCube(store: ReadStore, cube: CubeDefinition, query: CubeQuery): Promise<CubeRow[]> {
  await registered(store, cube);
  const groupBy = query.groupBy ?? [];
  const grains = groupBy.filter((key) => TIME_GRAINS.includes(key));
  if (grains.length > 1) throw new Error(`Group by one time grain at most, not ${grains.join(' and ')}`);
  const grain = (grains[0] ?? null) as TimeGrain | null;
  const dims = groupBy.filter((key) => !TIME_GRAINS.includes(key));
  const where = query.where ?? {};
  const cuboid = cuboidFor(cube, [...new Set([...dims, ...Object.keys(where)])]);
  const dimFilter: Filter = Object.fromEntries(Object.entries(where).map(([dim, values]) => [dim, { $in: [...values] }]));
  const rows = new Map<string, CubeRow>();

  const add = (values: Readonly<Record<string, string | null>>, time: string | null, n: number, sums: Readonly<Record<string, number>>): void => {
    const key: Record<string, string | null> = {};
    for (const dim of dims) key[dim] = values[dim] ?? null;
    if (grain !== null) key[grain] = time;
    const id = JSON.stringify(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, n: 0, s: {} }));
    row.n += n;
    for (const name in sums) row.s[name] = (row.s[name] ?? 0) + sums[name];
  };

  const cover = coverRange(query.from, query.to, grain);
  for (const cells of cover.cells) {
    for (const cell of await store.find<CubeCell>(cuboid.collection, { ...cells, ...dimFilter })) {
      add(cell as Record<string, string | null>, grain === null ? null : timeKey(cell.period, grain), cell.n, cell.s);
    }
  }
  if (cover.edges.length > 0 && cube.dateField === undefined) {
    throw new RangeError(`Cube ${cube.name} answers whole months only: start on the first of a month and end on the last day of one`);
  }
  for (const edge of cover.edges) {
    for (const fact of await store.find<Document>(cube.source, { [cube.dateField!]: { $gte: edge.from, $lte: edge.to } })) {
      const measure = cube.measure(fact);
      const date = measure?.date;
      if (!measure || typeof date !== 'string' || date < edge.from || date > edge.to) continue;
      for (const tuple of combinations(cuboid.dims, measure.dims)) {
        const values = Object.fromEntries(cuboid.dims.map((dim, index) => [dim, tuple[index]]));
        if (Object.entries(where).every(([dim, allowed]) => allowed.includes(values[dim] ?? null))) {
          add(values, grain === null ? null : timeKey(date, grain), 1, measure.sums);
        }
      }
    }
  }
  return [...rows.values()];
}
