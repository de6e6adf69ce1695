import type { Document, Filter, Pipeline } from './read-store.port';

type Row = Record<string, unknown>;
type Expression = (row: Row) => unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const numbersOrNull = (values: unknown[]): number[] | null =>
  values.every((value) => typeof value === 'number') ? (values as number[]) : null;

/** Mongo truthiness: false, null, missing and 0 are false. */
const truthy = (value: unknown): boolean => value !== false && value !== null && value !== undefined && value !== 0;

function fieldPath(path: string): Expression {
  const parts = path.split('.');
  if (parts.length === 1) return (row) => row[path] ?? null;
  return (row) => {
    let value: unknown = row;
    for (const part of parts) value = isObject(value) ? value[part] : undefined;
    return value ?? null;
  };
}

/**
 * Compiles the expression operators our read models use ($ifNull, $multiply, $add, $eq, $ne,
 * $cond, field paths, literals, plain objects) into closures; anything else answers null and the
 * caller leaves the stage to mingo.
 */
export function compileExpression(expression: unknown): Expression | null {
  if (expression === null || typeof expression === 'number' || typeof expression === 'boolean') return () => expression;
  if (typeof expression === 'string') {
    if (expression.startsWith('$$')) return null;
    return expression.startsWith('$') ? fieldPath(expression.slice(1)) : () => expression;
  }
  if (!isObject(expression)) return null;
  const keys = Object.keys(expression);
  if (keys.length === 1 && keys[0].startsWith('$')) return compileOperator(keys[0], expression[keys[0]]);
  if (keys.some((key) => key.startsWith('$'))) return null;
  const fields = keys.map((key) => [key, compileExpression(expression[key])] as const);
  if (fields.some(([, compiled]) => compiled === null)) return null;
  return (row) => Object.fromEntries(fields.map(([key, compiled]) => [key, compiled!(row)]));
}

function compileOperator(operator: string, argument: unknown): Expression | null {
  const args = (Array.isArray(argument) ? argument : [argument]).map(compileExpression);
  if (args.some((arg) => arg === null)) return null;
  const [a, b, c] = args as Expression[];
  switch (operator) {
    case '$ifNull':
      return args.length === 2 ? (row) => a(row) ?? b(row) : null;
    case '$multiply':
    case '$add': {
      const all = args as Expression[];
      const multiply = operator === '$multiply';
      return (row) => {
        const values = numbersOrNull(all.map((arg) => arg(row)));
        return values === null ? null : values.reduce((x, y) => (multiply ? x * y : x + y), multiply ? 1 : 0);
      };
    }
    case '$eq':
      return args.length === 2 ? (row) => a(row) === b(row) : null;
    case '$ne':
      return args.length === 2 ? (row) => a(row) !== b(row) : null;
    case '$cond':
      return args.length === 3 ? (row) => (truthy(a(row)) ? b(row) : c(row)) : null;
    default:
      return null;
  }
}

type Predicate = (row: Row) => boolean;
type Condition = (value: unknown) => boolean;

const primitive = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** One field's condition: a primitive (equality), or $in / $ne / $gt / $gte / $lt / $lte with primitives. */
function compileCondition(condition: unknown): Condition | null {
  if (primitive(condition)) return (value) => (value ?? null) === condition;
  if (!isObject(condition)) return null;
  const checks: Condition[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === '$in' && Array.isArray(operand) && operand.every(primitive)) {
      const members = new Set(operand);
      checks.push((value) => members.has(value ?? null));
    } else if (operator === '$ne' && primitive(operand)) {
      checks.push((value) => (value ?? null) !== operand);
    } else if (['$gt', '$gte', '$lt', '$lte'].includes(operator) && (typeof operand === 'string' || typeof operand === 'number')) {
      // MongoDB compares only within a type: a string bound never matches a number.
      const compare = { $gt: (v: string | number) => v > operand, $gte: (v: string | number) => v >= operand, $lt: (v: string | number) => v < operand, $lte: (v: string | number) => v <= operand }[operator as '$gt'];
      checks.push((value) => typeof value === typeof operand && compare(value as string | number));
    } else return null;
  }
  return (value) => checks.every((check) => check(value));
}

/**
 * Simple filters (top-level fields, the conditions above) run as closures; a document whose
 * value is an array or a sub-document, or any other filter, is left to mingo, whose answer holds.
 */
function compileFilter(filter: Filter, compileMatch: (filter: Filter) => Predicate): Predicate {
  const fallback = compileMatch(filter);
  const fields = Object.entries(filter).map(([field, condition]) => [field, field.startsWith('$') || field.includes('.') ? null : compileCondition(condition)] as const);
  if (fields.some(([, condition]) => condition === null)) return fallback;
  return (row) => {
    for (const [field, condition] of fields) {
      const value = row[field];
      if (!primitive(value) && value !== undefined) return fallback(row);
      if (!condition!(value)) return false;
    }
    return true;
  };
}

type Accumulator = { name: string; value: Expression };

/** A group key as its parts, hashed without building an object per document. */
type GroupKey = { parts: (row: Row) => unknown[]; build: (parts: unknown[]) => unknown };

function compileKey(spec: unknown): GroupKey | null {
  if (isObject(spec) && Object.keys(spec).length > 0 && !Object.keys(spec).some((key) => key.startsWith('$'))) {
    const names = Object.keys(spec);
    const compiled = names.map((name) => compileExpression(spec[name]));
    if (compiled.some((expression) => expression === null)) return null;
    return {
      parts: (row) => compiled.map((expression) => expression!(row)),
      build: (parts) => Object.fromEntries(names.map((name, index) => [name, parts[index]])),
    };
  }
  const single = compileExpression(spec);
  return single ? { parts: (row) => [single(row)], build: (parts) => parts[0] } : null;
}

const hashOf = (parts: unknown[]): string =>
  parts.map((part) => (typeof part === 'string' ? `s${part}` : JSON.stringify(part))).join('\u0001');

function compileGroup(spec: Record<string, unknown>): { key: GroupKey; sums: Accumulator[] } | null {
  const key = compileKey(spec._id);
  if (!key) return null;
  const sums: Accumulator[] = [];
  for (const [name, accumulator] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (!isObject(accumulator) || Object.keys(accumulator).join() !== '$sum') return null;
    const value = compileExpression(accumulator.$sum);
    if (!value) return null;
    sums.push({ name, value });
  }
  return { key, sums };
}

/**
 * Runs a leading `$match`* `$addFields`* `$group` (with `$sum` accumulators) over the documents in
 * one pass of compiled closures, as MongoDB would, and hands back the groups and the stages left
 * for mingo. Answers null when the pipeline does not start that way. mingo evaluates the same
 * stages correctly but spends most of a 100k-document pipeline hashing group keys and
 * interpreting expressions (bench/RESULTS.md).
 */
export function runLeadingGroup(
  documents: Iterable<Document>,
  pipeline: Pipeline,
  compileMatch: (filter: Filter) => Predicate,
): { groups: Row[]; rest: Pipeline } | null {
  const steps: Array<(row: Row) => Row | null> = [];
  let index = 0;
  for (; index < pipeline.length; index += 1) {
    const stage = pipeline[index];
    const [operator] = Object.keys(stage);
    if (operator === '$match') {
      const test = compileFilter(stage.$match as Filter, compileMatch);
      steps.push((row) => (test(row) ? row : null));
    } else if (operator === '$addFields') {
      const fields = Object.entries(stage.$addFields as Record<string, unknown>).map(([name, e]) => [name, compileExpression(e)] as const);
      if (fields.some(([name, compiled]) => compiled === null || name.includes('.'))) return null;
      // An overlay that inherits the document's fields: copying ~30 fields per document to add
      // one cost most of a forecast's time. Only reads follow ($match, $group), never writes.
      steps.push((row) => {
        const overlay: Row = Object.create(row) as Row;
        for (const [name, compiled] of fields) overlay[name] = compiled!(row);
        return overlay;
      });
    } else break;
  }
  const groupStage = pipeline[index];
  if (!groupStage || Object.keys(groupStage).join() !== '$group' || !isObject(groupStage.$group)) return null;
  const group = compileGroup(groupStage.$group);
  if (!group) return null;

  const groups = new Map<string, Row>();
  for (const document of documents) {
    let row: Row | null = document;
    for (const step of steps) {
      row = step(row);
      if (row === null) break;
    }
    if (row === null) continue;
    const parts = group.key.parts(row);
    const hash = hashOf(parts);
    let totals = groups.get(hash);
    if (!totals) {
      totals = { _id: group.key.build(parts) };
      for (const sum of group.sums) totals[sum.name] = 0;
      groups.set(hash, totals);
    }
    for (const sum of group.sums) {
      const value = sum.value(row);
      if (typeof value === 'number') totals[sum.name] = (totals[sum.name] as number) + value;
    }
  }
  return { groups: [...groups.values()], rest: pipeline.slice(index + 1) };
}
