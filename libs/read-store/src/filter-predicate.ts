import type { Document, Filter } from './read-store.port';

/** A compiled condition's answer: it holds, it does not, or only mingo can tell (the field holds an array). */
type Answer = 'no' | 'yes' | 'ask';

type Test = (document: Readonly<Document>) => Answer;

const isScalar = (value: unknown): value is string | number | boolean | null => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const RANGES = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Equality as MongoDB has it for scalars: null matches a missing field too. */
const equals = (value: unknown, wanted: string | number | boolean | null): boolean => (wanted === null ? value === null || value === undefined : value === wanted);

function fieldTest(field: string, condition: unknown): Test | null {
  if (field.includes('.')) return null;
  const checks: ((value: unknown) => boolean)[] = [];
  if (isScalar(condition)) checks.push((value) => equals(value, condition));
  else if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
    const operators = condition as Record<string, unknown>;
    for (const [operator, operand] of Object.entries(operators)) {
      if (operator === '$eq' && isScalar(operand)) checks.push((value) => equals(value, operand));
      else if (operator === '$ne' && isScalar(operand)) checks.push((value) => !equals(value, operand));
      else if (operator === '$in' && Array.isArray(operand) && operand.every(isScalar)) checks.push((value) => operand.some((wanted) => equals(value, wanted)));
      else if (RANGES.has(operator) && (typeof operand === 'string' || typeof operand === 'number')) {
        // Ranges compare within a type only (a number is not above a string).
        const type = typeof operand;
        const holds =
          operator === '$gt' ? (v: string | number) => v > operand : operator === '$gte' ? (v: string | number) => v >= operand : operator === '$lt' ? (v: string | number) => v < operand : (v: string | number) => v <= operand;
        checks.push((value) => typeof value === type && holds(value as string | number));
      } else if (operator === '$regex' && typeof operand === 'string') {
        const options = operators.$options ?? '';
        if (typeof options !== 'string' || !/^[ims]*$/.test(options)) return null;
        const pattern = new RegExp(operand, options);
        checks.push((value) => typeof value === 'string' && pattern.test(value));
      } else if (operator !== '$options' || !('$regex' in operators)) return null;
    }
  } else return null;
  return (document) => {
    const value = document[field];
    if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return 'ask';
    return checks.every((check) => check(value)) ? 'yes' : 'no';
  };
}

function compile(filter: Filter): Test | null {
  const parts: { kind: 'and' | 'or'; tests: Test[] }[] = [];
  const all: Test[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) return null;
      const tests = (condition as Filter[]).map(compile);
      if (tests.some((test) => test === null)) return null;
      parts.push({ kind: key === '$and' ? 'and' : 'or', tests: tests as Test[] });
    } else if (key.startsWith('$')) return null;
    else {
      const test = fieldTest(key, condition);
      if (test === null) return null;
      all.push(test);
    }
  }
  for (const { kind, tests } of parts) all.push(kind === 'and' ? every(tests) : some(tests));
  return every(all);
}

const every =
  (tests: readonly Test[]): Test =>
  (document) => {
    let answer: Answer = 'yes';
    for (const test of tests) {
      const found = test(document);
      if (found === 'no') return 'no';
      if (found === 'ask') answer = 'ask';
    }
    return answer;
  };

const some =
  (tests: readonly Test[]): Test =>
  (document) => {
    let answer: Answer = 'no';
    for (const test of tests) {
      const found = test(document);
      if (found === 'yes') return 'yes';
      if (found === 'ask') answer = 'ask';
    }
    return answer;
  };

/**
 * A filter as a plain function, for the documents a walk reads: the subset of the query language
 * the lists use (equality, `$in`, `$ne`, ranges, `$regex`, `$and`, `$or` on top-level fields) is
 * tested directly, many times faster than evaluating the filter with mingo; a document whose field
 * holds an array or an object, and any other filter, is left to `fallback` (mingo).
 */
export function filterPredicate(filter: Filter, fallback: (document: Readonly<Document>) => boolean): (document: Readonly<Document>) => boolean {
  const test = compile(filter);
  if (test === null) return fallback;
  return (document) => {
    const answer = test(document);
    return answer === 'ask' ? fallback(document) : answer === 'yes';
  };
}
