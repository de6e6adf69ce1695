import { nestsDeeperThan } from './body-depth';

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('nestsDeeperThan', () => {
  it('lets a body exactly as deep as the limit through', () => {
    expect(nestsDeeperThan(nestedArrays(32), 32)).toBe(false);
  });

  it('finds a body one level deeper than the limit', () => {
    expect(nestsDeeperThan(nestedArrays(33), 32)).toBe(true);
  });

  it('finds the depth of a body far beyond what recursion could walk', () => {
    expect(nestsDeeperThan(nestedArrays(200_000), 32)).toBe(true);
  });

  it('counts objects in arrays in objects alike', () => {
    expect(nestsDeeperThan({ a: [{ b: [1] }] }, 3)).toBe(true);
  });

  it('takes a flat value as no depth at all', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
  });
});
