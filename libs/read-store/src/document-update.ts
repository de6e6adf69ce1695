import { update as mingoUpdate } from 'mingo';
import type { CopyFrom, Document, UpdateSpec, UpsertWrite } from './read-store.port';

type Guard = NonNullable<UpsertWrite['guard']>;

type Fields = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Sets an own property, also one named `__proto__` (which plain assignment would not create). */
const put = (target: Fields, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
};

/** Deep copy of plain objects and arrays; anything else is shared. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (!isPlainObject(value)) return value;
  const copy: Fields = {};
  for (const key in value) put(copy, key, cloneJson(value[key]));
  return copy as T;
}

/**
 * A copy of a value as it reads back from JSON, so a stored document and its cached copy agree:
 * non-finite numbers and `undefined` become null (as MongoDB stores undefined), objects with a
 * `toJSON` (dates) their JSON form. A bigint throws, as in `JSON.stringify`.
 */
export function toJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      throw new TypeError('A read-model document cannot hold a bigint');
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(toJson);
      if (!isPlainObject(value)) return JSON.parse(JSON.stringify(value)) as unknown;
      const copy: Fields = {};
      for (const key in value) put(copy, key, toJson(value[key]));
      return copy;
    }
    default:
      return null;
  }
}

/** The value at a dotted path through nested objects, or undefined. */
export function valueAt(document: Fields, path: string): unknown {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

const SIMPLE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$addToSet', '$setOnInsert']);
/** A segment that is empty, positional (`$`, `$[]`, `$[x]`) or an array index. */
const NOT_SIMPLE_SEGMENT = /(?:^|\.)(?:\$|\d+(?:\.|$)|\.|$)/;

const isModifier = (value: unknown): boolean =>
  isPlainObject(value) && Object.keys(value).some((key) => key[0] === '$');

/**
 * Applies the common kind of update in place, far faster than a general evaluator: $set, $unset,
 * $inc, $push (of one value), $addToSet (of one scalar) and $setOnInsert on plain dotted paths, with MongoDB's rules and
 * errors. Answers false, the document possibly half changed, for anything else (other operators,
 * positional or array-index paths, $push modifiers, overlapping paths): the caller starts over on
 * a fresh copy with the general evaluator.
 */
export function applySimpleUpdate(document: Fields, update: UpdateSpec, inserting: boolean): boolean {
  const paths: string[] = [];
  let nested = false;
  for (const operator in update) {
    const fields = update[operator];
    if (!SIMPLE_OPERATORS.has(operator) || !isPlainObject(fields)) return false;
    for (const path in fields) {
      const value = fields[path];
      if (NOT_SIMPLE_SEGMENT.test(path)) return false;
      if (operator === '$inc' && !Number.isFinite(value)) return false;
      if (operator === '$push' && isModifier(value)) return false;
      // Sets of scalars only: objects would need MongoDB's field-order-sensitive equality.
      if (operator === '$addToSet' && typeof value === 'object' && value !== null) return false;
      paths.push(path);
      const dot = path.indexOf('.');
      nested ||= dot !== -1;
      if (operator === '$setOnInsert' && !inserting) continue;
      const parent = dot === -1 ? document : parentOf(document, path, operator !== '$unset');
      if (parent) applyOne(parent, operator, path, dot === -1 ? path : path.slice(path.lastIndexOf('.') + 1), value);
    }
  }
  return nested
    ? !paths.some((path, i) => paths.some((other, j) => i !== j && conflicts(path, other)))
    : new Set(paths).size === paths.length;
}

const conflicts = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`);

function applyOne(parent: Fields, operator: string, path: string, key: string, value: unknown): void {
  const current = parent[key];
  switch (operator) {
    case '$unset':
      delete parent[key];
      return;
    case '$inc':
      if (current !== undefined && typeof current !== 'number') {
        throw new Error(`Cannot apply $inc to a value of non-numeric type at '${path}'`);
      }
      parent[key] = toJson((current ?? 0) + (value as number));
      return;
    case '$push':
      if (current === undefined) put(parent, key, [toJson(value)]);
      else if (Array.isArray(current)) put(parent, key, [...current, toJson(value)]);
      else throw new Error(`The field '${path}' must be an array to $push to it`);
      return;
    case '$addToSet':
      if (current === undefined) put(parent, key, [toJson(value)]);
      else if (!Array.isArray(current)) throw new Error(`Cannot apply $addToSet to non-array field '${path}'`);
      else if (!current.includes(toJson(value))) put(parent, key, [...current, toJson(value)]);
      return;
    default:
      put(parent, key, toJson(value));
  }
}

/**
 * The object holding the path's last segment; missing ones are created unless `create` is false.
 * Objects on the way are copied before they are changed (copy on write): the document given is a
 * shallow copy, and what it shares with the version before must stay as it was.
 */
function parentOf(document: Fields, path: string, create: boolean): Fields | undefined {
  const segments = path.split('.');
  segments.pop();
  let current = document;
  for (const segment of segments) {
    const next = current[segment];
    if (next === undefined && create) {
      const created: Fields = {};
      put(current, segment, created);
      current = created;
    } else if (isPlainObject(next)) {
      const copy = { ...next };
      put(current, segment, copy);
      current = copy;
    } else if (create) throw new Error(`Cannot create field '${segment}' in a non-object element at '${path}'`);
    else return undefined;
  }
  return current;
}

/** As MongoDB's `{$or: [{field: {$exists: false}}, {field: {$lt: value}}]}`: null or a string blocks. */
export const guardAllows = (document: Document, guard: Guard): boolean => {
  const current = valueAt(document, guard.field);
  return current === undefined || (typeof current === 'number' && current < guard.value);
};

/**
 * The document after an update, made from a copy of the current one or, for an insert, from its
 * id; the current one is never changed. Common updates take the fast path, which copies only what
 * it changes (a deal's long stage history is shared, not copied, by the next version); the rest go
 * through mingo (which knows no $setOnInsert) on a deep copy.
 */
export function updated(current: Document | undefined, id: string, update: UpdateSpec): Document {
  const inserting = current === undefined;
  const fresh = (): Document => (current ? cloneJson(current) : { _id: id });
  const next = current ? { ...current } : { _id: id };
  if (applySimpleUpdate(next, update, inserting)) return next;
  const { $setOnInsert, ...rest } = update as { $setOnInsert?: Record<string, unknown> } & UpdateSpec;
  const modifier = inserting && $setOnInsert ? { ...rest, $set: { ...$setOnInsert, ...(rest.$set as object) } } : rest;
  const general = fresh();
  mingoUpdate(general, modifier);
  return JSON.parse(JSON.stringify(general)) as Document;
}

/**
 * What an upsert makes of a document, the same on both adapters: undefined when its guard refuses
 * it; else the update with the guard's new value and the fields copied from `joined` (the document
 * `copy` names, if any) set first, the update's own `$set` winning.
 */
/** The documents an upsert copies from, in order (none, one or several). */
export const copiesOf = (write: UpsertWrite): readonly CopyFrom[] => (write.copy === undefined ? [] : Array.isArray(write.copy) ? write.copy : [write.copy as CopyFrom]);

export function upserted(current: Document | undefined, write: UpsertWrite, joined: readonly (Document | null | undefined)[]): Document | undefined {
  if (current && write.guard && !guardAllows(current, write.guard)) return undefined;
  const set: Record<string, unknown> = {};
  copiesOf(write).forEach((copy, index) => {
    const source = joined[index];
    for (const [target, field] of Object.entries(copy.fields)) set[target] = (source ? valueAt(source, field) : undefined) ?? null;
  });
  Object.assign(set, write.update.$set as Record<string, unknown> | undefined);
  if (write.guard) set[write.guard.field] = write.guard.value;
  const next = updated(current, write.id, Object.keys(set).length > 0 ? { ...write.update, $set: set } : write.update);
  if (next._id !== write.id) throw new Error(`An update may not change _id (${write.collection}/${write.id})`);
  return next;
}
