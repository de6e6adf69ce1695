import fc from 'fast-check';
import type { CubeDefinition, Document } from '../read-store.port';
import { addUpCells, cuboidsOf, measureKey } from './cube';

const fact = fc.record({
  _id: fc.uuid(),
  owner: fc.constantFrom('ana', 'ben', 'cy'),
  product: fc.option(fc.constantFrom('p1', 'p2'), { nil: null }),
  tags: fc.subarray(['x', 'y', 'z']),
  closedOn: fc.option(fc.constantFrom('2017-01-03', '2017-02-14', '2018-06-30'), { nil: null }),
  amount: fc.integer({ min: -50, max: 1000 }),
});

const cubeOf = (multiValued: readonly string[]): CubeDefinition => ({
  name: 'deals',
  source: 'deals',
  fixed: ['status'],
  cuboids: [[], ['owner'], ['product'], ['tags'], ['owner', 'product'], ['owner', 'tags'], ['owner', 'product', 'tags']],
  multiValued,
  measure: (document) => ({
    date: document.closedOn as string | null,
    dims: { status: 'won', owner: document.owner as string, product: document.product as string | null, tags: document.tags as string[] },
    sums: { amount: document.amount as number, [measureKey('size', (document.amount as number) % 3)]: 1 },
    monthly: { [measureKey('day', String(document.closedOn))]: 1 },
  }),
});

/** Every cuboid added up on its own, straight from the facts (nothing to roll up from). */
const eachFromTheFacts = (cube: CubeDefinition, facts: readonly Document[]) =>
  new Map(cuboidsOf(cube).map((cuboid) => [cuboid.collection, addUpCells(cube, [cuboid], facts).get(cuboid.collection)!]));

describe('Adding up the cells of every cuboid at once', () => {
  it('gives each cuboid the cells its facts give it alone, coarse cuboids rolled up from finer ones', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), (facts) => {
        const cube = cubeOf(['tags']);
        expect(addUpCells(cube, cuboidsOf(cube), facts)).toEqual(eachFromTheFacts(cube, facts));
      }),
    );
  });

  it('gives the same when a dimension holds several values without being declared multi-valued', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), (facts) => {
        const cube = cubeOf([]);
        expect(addUpCells(cube, cuboidsOf(cube), facts)).toEqual(eachFromTheFacts(cube, facts));
      }),
    );
  });
});
