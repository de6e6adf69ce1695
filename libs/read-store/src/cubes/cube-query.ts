import type { Document, Filter, Measure, ReadStore } from '../read-store.port';
import { combinations, type CubeCell, type CubeDefinition, type Cuboid, cuboidsOf } from './cube';
import { coverRange, type DateEdge, type TimeGrain, timeKey } from './periods';

const TIME_GRAINS: readonly string[] = ['month', 'quarter', 'year'];

export type CubeQuery = {
  /** Business dates, inclusive (YYYY-MM-DD); either may be left open. */
  readonly from?: string;
  readonly to?: string;
  /** Only facts whose dimension takes one of these values (null matches no value). */
  readonly where?: Readonly<Record<string, readonly (string | null)[]>>;
  /** Dimensions to group by, and at most one of `month`, `quarter`, `year`. */
  readonly groupBy?: readonly string[];
  /** The measures to add up (a name ending in `:` takes every measure of that histogram); all when absent. */
  readonly sums?: readonly string[];
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

/**
 * A fact's measure, kept while the fact object lives: the embedded store replaces a document's
 * object on every change, so a fact read again at a range's edge is not measured again.
 */
const measures = new WeakMap<CubeDefinition, WeakMap<Document, Measure | null>>();
function measured(cube: CubeDefinition, fact: Document): Measure | null {
  let known = measures.get(cube);
  if (!known) measures.set(cube, (known = new WeakMap()));
  if (!known.has(fact)) known.set(fact, cube.measure(fact));
  return known.get(fact)!;
}

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
export function cuboidFor(cube: CubeDefinition, dims: readonly string[]): Cuboid | null {
  const multiValued = cube.multiValued ?? [];
  const fitting = cuboidsOf(cube).filter(
    (cuboid) => dims.every((dim) => cuboid.dims.includes(dim)) && cuboid.dims.every((dim) => dims.includes(dim) || !multiValued.includes(dim)),
  );
  if (fitting.length === 0) {
    if (dims.every((dim) => cube.factFields?.[dim] !== undefined || cube.fixed?.includes(dim))) return null;
    throw new Error(`Cube ${cube.name} keeps no totals by ${dims.join(', ')}`);
  }
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
  const needed = [...new Set([...dims, ...Object.keys(where)])];
  const cuboid = cuboidFor(cube, needed);
  const dimFilter: Filter = Object.fromEntries(Object.entries(where).map(([dim, values]) => [dim, { $in: [...values] }]));
  const rows = new Map<string, CubeRow>();

  const wanted = query.sums;
  const decided = new Map<string, boolean>();
  const isWanted = (name: string): boolean => {
    if (wanted === undefined) return true;
    let yes = decided.get(name);
    if (yes === undefined) decided.set(name, (yes = wanted.some((want) => (want.endsWith(':') ? name.startsWith(want) : name === want))));
    return yes;
  };
  const add = (values: Readonly<Record<string, unknown>>, time: string | null, n: number, sums: Readonly<Record<string, number>>): void => {
    let id = time ?? '';
    for (const dim of dims) id += `\u001f${values[dim] ?? '\u0000'}`;
    let row = rows.get(id);
    if (!row) {
      const key: Record<string, string | null> = {};
      for (const dim of dims) key[dim] = (values[dim] ?? null) as string | null;
      if (grain !== null) key[grain] = time;
      rows.set(id, (row = { key, n: 0, s: {} }));
    }
    row.n += n;
    for (const name in sums) if (isWanted(name)) row.s[name] = (row.s[name] ?? 0) + sums[name];
  };

  /** A fact's contribution to the rows, as its cells would count it: once per value of the dimensions read. */
  const addFact = (fact: Readonly<Document>, within?: DateEdge): void => {
    const measure = measured(cube, fact as Document);
    if (!measure) return;
    const date = measure.date;
    if (within && (typeof date !== 'string' || date < within.from || date > within.to)) return;
    if (!within && grain !== null && typeof date !== 'string') return;
    for (const tuple of combinations(read, measure.dims)) {
      const values: Record<string, string | null> = {};
      read.forEach((dim, index) => (values[dim] = tuple[index]));
      if (conditions.every(([dim, allowed]) => allowed.includes(values[dim] ?? null))) add(values, grain === null || typeof date !== 'string' ? null : timeKey(date, grain), 1, measure.sums);
    }
  };
  const read = cuboid?.dims ?? [...(cube.fixed ?? []), ...needed];
  const conditions = Object.entries(where);

  if (cuboid === null) {
    const fields = cube.factFields ?? {};
    const range = query.from !== undefined || query.to !== undefined ? { from: query.from ?? '0000-01-01', to: query.to ?? '9999-12-31' } : undefined;
    const filter: Filter = {
      ...Object.fromEntries(Object.entries(where).filter(([dim]) => fields[dim] !== undefined).map(([dim, values]) => [fields[dim], { $in: [...values] }])),
      ...(range && cube.dateField ? { [cube.dateField]: { $gte: range.from, $lte: range.to } } : {}),
    };
    await store.visit(cube.source, filter, (fact) => addFact(fact, range));
    return [...rows.values()];
  }

  const cover = coverRange(query.from, query.to, grain);
  for (const cells of cover.cells) {
    await store.visit(cuboid.collection, { ...cells, ...dimFilter }, (document) => {
      const cell = document as CubeCell;
      add(cell, grain === null ? null : timeKey(cell.period, grain), cell.n, cell.s);
    });
  }
  if (cover.edges.length > 0 && cube.dateField === undefined) {
    throw new RangeError(`Cube ${cube.name} answers whole months only: start on the first of a month and end on the last day of one`);
  }
  for (const edge of cover.edges) {
    await store.visit(cube.source, { [cube.dateField!]: { $gte: edge.from, $lte: edge.to } }, (fact) => addFact(fact, edge));
  }
  return [...rows.values()];
}
