import type { CubeDefinition, Document, IndexSpec, Measure } from '../read-store.port';

export type { CubeDefinition, DimensionValue, Measure } from '../read-store.port';

export type Cuboid = {
  readonly collection: string;
  /** Fixed dimensions first, then the cuboid's own, in declared order. */
  readonly dims: readonly string[];
};

export type CubeDelta = { n: number; s: Record<string, number>; period: string; dims: Record<string, string | null> };

/** A cell: the totals of the facts of one period that share these dimension values. */
export type CubeCell = Document & { readonly period: string; readonly n: number; readonly s: Readonly<Record<string, number>> };

const RESERVED = new Set(['_id', 'period', 'n', 's']);

/** The cuboids of a cube, each its own collection, checked once. */
export function cuboidsOf(cube: CubeDefinition): Cuboid[] {
  const fixed = cube.fixed ?? [];
  const all = [...fixed, ...cube.cuboids.flat()];
  const clash = all.find((dim) => RESERVED.has(dim) || !/^[A-Za-z][A-Za-z0-9]*$/.test(dim));
  if (clash !== undefined) throw new Error(`Cube ${cube.name}: "${clash}" cannot name a dimension`);
  if (cube.cuboids.length === 0) throw new Error(`Cube ${cube.name} needs at least one cuboid`);
  return cube.cuboids.map((dims) => ({
    collection: `cube_${cube.name.replace(/[^A-Za-z0-9]+/g, '_')}__${dims.length === 0 ? 'all' : dims.join('_')}`,
    dims: [...fixed, ...dims],
  }));
}

/** Every collection a cube writes: dropped with its projection on a rebuild. */
export const cubeCollections = (cube: CubeDefinition): string[] => cuboidsOf(cube).map((cuboid) => cuboid.collection);

/** The indexes a cube's reads walk: the facts by business date (period edges), each cuboid by period and by dimension. */
export function cubeIndexes(cube: CubeDefinition): Record<string, IndexSpec[]> {
  const on = (field: string): IndexSpec => ({ fields: { [field]: 1 } });
  const indexes: Record<string, IndexSpec[]> = { [cube.source]: [...(cube.dateField ? [cube.dateField] : []), ...Object.values(cube.factFields ?? {})].map(on) };
  for (const cuboid of cuboidsOf(cube)) indexes[cuboid.collection] = [on('period'), ...cuboid.dims.map(on)];
  return indexes;
}

/** Period keys sort within their level and never collide across levels: `M2017-03`, `Y2017`, `A`. */
export const monthPeriod = (date: string): string => `M${date.slice(0, 7)}`;
export const yearPeriod = (date: string): string => `Y${date.slice(0, 4)}`;
export const ALL_TIME = 'A';

const periodsOf = (date: unknown): string[] =>
  typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? [monthPeriod(date), yearPeriod(date), ALL_TIME] : [ALL_TIME];

/** One tuple of values per combination of the cuboid's dimensions (several values of one dimension count under each). */
export function combinations(dims: readonly string[], values: Measure['dims']): (string | null)[][] {
  if (!dims.some((dim) => Array.isArray(values[dim]))) return [dims.map((dim) => (values[dim] ?? null) as string | null)];
  let tuples: (string | null)[][] = [[]];
  for (const dim of dims) {
    const value = values[dim];
    const options = Array.isArray(value) ? [...new Set(value as readonly string[])] : [(value ?? null) as string | null];
    tuples = tuples.flatMap((tuple) => options.map((option) => [...tuple, option]));
  }
  return tuples;
}

/** `M2017-03|ana|GTX-PRO|…`: a null value is written as \u0000, values are separated by \u001f (neither occurs in ids). */
export const cellId = (period: string, values: readonly (string | null)[]): string =>
  `${period}|${values.map((value) => (value === null ? '\u0000' : value)).join('\u001f')}`;

const sameMeasure = (a: Measure, b: Measure): boolean => {
  if ((a.date ?? null) !== (b.date ?? null)) return false;
  if (JSON.stringify(a.monthly ?? {}) !== JSON.stringify(b.monthly ?? {})) return false;
  for (const key in a.dims) if (JSON.stringify(a.dims[key]) !== JSON.stringify(b.dims[key])) return false;
  const aSums = Object.keys(a.sums);
  if (aSums.length !== Object.keys(b.sums).length) return false;
  return aSums.every((key) => a.sums[key] === b.sums[key]) && Object.keys(b.dims).length === Object.keys(a.dims).length;
};

/**
 * Adds to `deltas` (cuboid collection → cell id → delta) what replacing `before` by `after` changes
 * in the cube's cells. Either may be undefined (a fact created or deleted); the same fact before
 * and after gives no delta at all.
 */
export function addCubeDelta(
  cube: CubeDefinition,
  cuboids: readonly Cuboid[],
  before: Document | undefined,
  after: Document | undefined,
  deltas: Map<string, Map<string, CubeDelta>>,
): void {
  const old = before ? cube.measure(before) : null;
  const now = after ? cube.measure(after) : null;
  if (old === null && now === null) return;
  if (old !== null && now !== null && sameMeasure(old, now)) return;
  for (const [measure, sign] of [
    [old, -1],
    [now, 1],
  ] as const) {
    if (measure === null) continue;
    const periods = periodsOf(measure.date);
    for (const cuboid of cuboids) {
      let cells = deltas.get(cuboid.collection);
      if (!cells) deltas.set(cuboid.collection, (cells = new Map()));
      for (const values of combinations(cuboid.dims, measure.dims)) {
        for (const period of periods) {
          const id = cellId(period, values);
          let delta = cells.get(id);
          if (!delta) {
            const dims: Record<string, string | null> = {};
            cuboid.dims.forEach((dim, index) => (dims[dim] = values[index]));
            cells.set(id, (delta = { n: 0, s: {}, period, dims }));
          }
          delta.n += sign;
          for (const key in measure.sums) {
            const value = measure.sums[key];
            if (value !== 0) delta.s[key] = (delta.s[key] ?? 0) + sign * value;
          }
          if (measure.monthly && period[0] === 'M') {
            for (const key in measure.monthly) delta.s[key] = (delta.s[key] ?? 0) + sign * measure.monthly[key];
          }
        }
      }
    }
  }
}

type Accumulating = { cell: Record<string, unknown>; n: number; sums: Map<string, number> };

/**
 * For each cuboid, a finer one whose cells add up to it (it has every dimension of this one, and
 * the others are single-valued, so each fact sits in exactly one of its cells per cell of this
 * one), or none: cuboids without one are added up from the facts, the others from those cells.
 */
function rollUpSources(cube: CubeDefinition, cuboids: readonly Cuboid[]): Map<Cuboid, Cuboid | null> {
  const multiValued = new Set(cube.multiValued ?? []);
  const finestFirst = [...cuboids].sort((a, b) => b.dims.length - a.dims.length);
  const sources = new Map<Cuboid, Cuboid | null>();
  for (const cuboid of finestFirst) {
    const candidates = finestFirst.filter(
      (finer) => finer !== cuboid && sources.has(finer) && finer.dims.length > cuboid.dims.length && cuboid.dims.every((dim) => finer.dims.includes(dim)) && finer.dims.every((dim) => cuboid.dims.includes(dim) || !multiValued.has(dim)),
    );
    // The coarsest of them has the fewest cells to read.
    sources.set(cuboid, candidates.length === 0 ? null : candidates[candidates.length - 1]);
  }
  return sources;
}

function addFacts(cube: CubeDefinition, cuboids: readonly Cuboid[], facts: Iterable<Document>, all: Map<string, Map<string, Accumulating>>): boolean {
  const declared = new Set(cube.multiValued ?? []);
  let undeclaredSeveral = false;
  for (const fact of facts) {
    const measure = cube.measure(fact);
    if (measure === null) continue;
    const periods = periodsOf(measure.date);
    const sums = Object.entries(measure.sums).filter(([, value]) => value !== 0);
    const monthly = [...sums, ...Object.entries(measure.monthly ?? {}).filter(([, value]) => value !== 0)];
    const several = Object.keys(measure.dims).filter((dim) => Array.isArray(measure.dims[dim]));
    undeclaredSeveral ||= several.some((dim) => !declared.has(dim));
    for (const cuboid of cuboids) {
      const cells = all.get(cuboid.collection)!;
      const tuples = several.length > 0 ? combinations(cuboid.dims, measure.dims) : [cuboid.dims.map((dim) => (measure.dims[dim] ?? null) as string | null)];
      for (const values of tuples) {
        const key = cellId('', values);
        for (const period of periods) {
          const id = `${period}${key}`;
          let accumulating = cells.get(id);
          if (!accumulating) {
            const cell: Record<string, unknown> = { _id: id, period };
            cuboid.dims.forEach((dim, index) => (cell[dim] = values[index]));
            cells.set(id, (accumulating = { cell, n: 0, sums: new Map() }));
          }
          accumulating.n += 1;
          for (const [name, value] of period[0] === 'M' ? monthly : sums) accumulating.sums.set(name, (accumulating.sums.get(name) ?? 0) + value);
        }
      }
    }
  }
  return undeclaredSeveral;
}

/**
 * Every cell of a cube's cuboids (what a store that does not keep cells computes when it first
 * needs them): the finest cuboids added up from the facts in one pass, each fact measured once,
 * and every coarser one from the cells of a finer one, which are far fewer than the facts. A fact
 * with several values in a dimension not declared `multiValued` makes every cuboid come from the facts
 * (a second pass over them: `facts` is iterated anew, so the embedded store streams it from its rows
 * and never holds every fact at once).
 */
export function addUpCells(cube: CubeDefinition, cuboids: readonly Cuboid[], facts: Iterable<Document>): Map<string, Map<string, CubeCell>> {
  const all = new Map(cuboids.map((cuboid) => [cuboid.collection, new Map<string, Accumulating>()]));
  const sources = rollUpSources(cube, cuboids);
  if (addFacts(cube, cuboids.filter((cuboid) => sources.get(cuboid) === null), facts, all)) {
    addFacts(cube, cuboids.filter((cuboid) => sources.get(cuboid) !== null), facts, all);
  } else {
    // Finest first: a source is added up before the cuboids that roll up from it.
    for (const [cuboid, source] of sources) {
      if (source === null) continue;
      const cells = all.get(cuboid.collection)!;
      for (const { cell: from, n, sums } of all.get(source.collection)!.values()) {
        const values = cuboid.dims.map((dim) => from[dim] as string | null);
        const id = `${from.period as string}${cellId('', values)}`;
        let accumulating = cells.get(id);
        if (!accumulating) {
          const cell: Record<string, unknown> = { _id: id, period: from.period };
          cuboid.dims.forEach((dim, index) => (cell[dim] = values[index]));
          cells.set(id, (accumulating = { cell, n: 0, sums: new Map() }));
        }
        accumulating.n += n;
        for (const [name, value] of sums) accumulating.sums.set(name, (accumulating.sums.get(name) ?? 0) + value);
      }
    }
  }
  const result = new Map<string, Map<string, CubeCell>>();
  for (const [collection, cells] of all) {
    const done = new Map<string, CubeCell>();
    for (const [id, { cell, n, sums }] of cells) done.set(id, { ...cell, n, s: Object.fromEntries([...sums].filter(([, value]) => value !== 0)) } as CubeCell);
    result.set(collection, done);
  }
  return result;
}

/** A cell after a delta, or undefined once no fact is left in it (cells never hold zeros for long). */
export function applyCubeDelta(current: CubeCell | undefined, id: string, delta: CubeDelta): CubeCell | undefined {
  const n = (current?.n ?? 0) + delta.n;
  if (n === 0) return undefined;
  const s: Record<string, number> = { ...(current?.s ?? {}) };
  for (const key in delta.s) {
    const value = (s[key] ?? 0) + delta.s[key];
    if (value === 0) delete s[key];
    else s[key] = value;
  }
  return { _id: id, period: delta.period, ...delta.dims, n, s };
}

/**
 * A measure name with a value in it, safe as a MongoDB field name (no `.`, no leading `$`) and
 * read back by `measureValue`: `measureKey('reason', 'Price.')` → `reason:Price%2E`.
 */
export const measureKey = (name: string, value: string | number): string =>
  `${name}:${String(value).replace(/[%.$:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}`;

/** The values of the measures named `name:` in a cell's sums, decoded, with their totals. */
export function measureValues(sums: Readonly<Record<string, number>>, name: string): Map<string, number> {
  const prefix = `${name}:`;
  const values = new Map<string, number>();
  for (const key in sums) {
    if (!key.startsWith(prefix) || sums[key] === 0) continue;
    const value = key.slice(prefix.length);
    values.set(value.includes('%') ? decodeURIComponent(value) : value, sums[key]);
  }
  return values;
}
