import { AccountFeatures, Segmentation, segmentAccounts, silhouetteScore } from './segmentation';

/** Deterministic pseudo-random numbers in [0, 1) so the synthetic books are the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function account(accountId: string, fields: Partial<AccountFeatures> = {}): AccountFeatures {
  return {
    accountId,
    name: `Account ${accountId}`,
    sector: 'Manufacturing',
    employees: 50,
    annualRevenueMinor: 1_000_000_00,
    wonCount: 1,
    wonAmountMinor: 1_000_00,
    recencyDays: 30,
    ...fields,
  };
}

type Group = 'enterprise' | 'mid-market' | 'prospect';

/** Three groups far apart on every feature: big frequent recent buyers, mid-size occasional ones, small never-won prospects. */
function threeGroups(perGroup = 12): { accounts: AccountFeatures[]; groupOf: Map<string, Group> } {
  const random = mulberry32(42);
  const jitter = (value: number): number => Math.round(value * (0.85 + 0.3 * random()));
  const accounts: AccountFeatures[] = [];
  const groupOf = new Map<string, Group>();
  for (let i = 0; i < perGroup; i++) {
    const enterprise = account(`ent-${i}`, {
      name: `Enterprise ${String.fromCharCode(65 + i)}`,
      sector: 'Manufacturing',
      employees: jitter(5_000),
      annualRevenueMinor: jitter(80_000_000_000),
      wonCount: jitter(25),
      wonAmountMinor: jitter(400_000_000),
      recencyDays: jitter(10),
    });
    const mid = account(`mid-${i}`, {
      name: `Mid ${String.fromCharCode(65 + i)}`,
      sector: 'Retail',
      employees: jitter(200),
      annualRevenueMinor: jitter(2_000_000_000),
      wonCount: jitter(4),
      wonAmountMinor: jitter(20_000_000),
      recencyDays: jitter(90),
    });
    const prospect = account(`pro-${i}`, {
      name: `Prospect ${String.fromCharCode(65 + i)}`,
      sector: 'Services',
      employees: jitter(8),
      annualRevenueMinor: jitter(50_000_000),
      wonCount: 0,
      wonAmountMinor: 0,
      recencyDays: null,
    });
    accounts.push(enterprise, mid, prospect);
    groupOf.set(enterprise.accountId, 'enterprise');
    groupOf.set(mid.accountId, 'mid-market');
    groupOf.set(prospect.accountId, 'prospect');
  }
  return { accounts, groupOf };
}

/** A realistic-looking book: skewed sizes and sales, some unknown sizes and sectors, many never-won accounts. */
function randomBook(n: number, seed: number): AccountFeatures[] {
  const random = mulberry32(seed);
  const sectors = ['Manufacturing', 'Retail', 'Services', 'Finance', 'Healthcare', 'Logistics', null];
  return Array.from({ length: n }, (_, i) => {
    const size = Math.exp(random() * 9);
    const won = random() < 0.7 ? Math.floor(random() * random() * 40) + 1 : 0;
    return account(`acc-${String(i).padStart(5, '0')}`, {
      name: `Customer ${i}`,
      sector: sectors[Math.floor(random() * sectors.length)],
      employees: random() < 0.15 ? null : Math.round(size),
      annualRevenueMinor: random() < 0.2 ? null : Math.round(size * 15_000_000 * (0.5 + random())),
      wonCount: won,
      wonAmountMinor: won === 0 ? 0 : Math.round(won * size * 100_000 * random()),
      recencyDays: won === 0 ? null : Math.floor(random() * 720),
    });
  });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function groupsBySegment(result: Segmentation, groupOf: Map<string, Group>): Set<Group>[] {
  return result.segments.map((segment) => new Set(segment.accounts.map((a) => groupOf.get(a.accountId) as Group)));
}

describe('segmentAccounts', () => {
  describe('three well-separated groups', () => {
    const { accounts, groupOf } = threeGroups();

    it('finds each group exactly with k = 3, ordered by won value', () => {
      const result = segmentAccounts(accounts, { k: 3 });

      expect(result.k).toBe(3);
      expect(result.chosenBy).toBe('request');
      expect(result.silhouette).toEqual([]);
      expect(result.segments.map((s) => s.size)).toEqual([12, 12, 12]);
      expect(groupsBySegment(result, groupOf)).toEqual([
        new Set(['enterprise']),
        new Set(['mid-market']),
        new Set(['prospect']),
      ]);
      expect(result.segments.map((s) => s.cluster)).toEqual([0, 1, 2]);
    });

    it('chooses k = 3 by silhouette when k is omitted, with the best score among k = 2..8', () => {
      const result = segmentAccounts(accounts);

      expect(result.chosenBy).toBe('silhouette');
      expect(result.k).toBe(3);
      expect(result.silhouette.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      const best = Math.max(...result.silhouette.map((s) => s.score));
      expect(result.silhouette.find((s) => s.k === 3)?.score).toBe(best);
      expect(best).toBeGreaterThan(0.7);
      expect(groupsBySegment(result, groupOf)).toEqual([
        new Set(['enterprise']),
        new Set(['mid-market']),
        new Set(['prospect']),
      ]);
    });

    it('labels the big frequent recent buyers "large, frequent, recent" and the prospects "small, never won"', () => {
      const result = segmentAccounts(accounts, { k: 3 });

      expect(result.segments[0].label).toBe('large, frequent, recent');
      expect(result.segments[2].label).toBe('small, never won');
      expect(new Set(result.segments.map((s) => s.label)).size).toBe(3);
      expect(result.segments[0].centroid.topSector).toBe('Manufacturing');
    });

    it('reports the feature columns and one scatter point per account on value (x) and frequency (y)', () => {
      const result = segmentAccounts(accounts, { k: 3 });

      expect(result.features).toEqual([
        'z(recencyDays)',
        'z(log1p(wonCount))',
        'z(log1p(wonAmountMinor))',
        'z(log1p(employees))',
        'z(log1p(annualRevenueMinor))',
        'onehot(sector=Manufacturing)/sqrt(2)',
        'onehot(sector=Retail)/sqrt(2)',
        'onehot(sector=Services)/sqrt(2)',
      ]);
      expect(result.points).toHaveLength(36);
      const ids = result.points.map((p) => p.accountId);
      expect(ids).toEqual([...ids].sort());
      const enterprise = result.points.filter((p) => p.accountId.startsWith('ent-'));
      const prospects = result.points.filter((p) => p.accountId.startsWith('pro-'));
      expect(enterprise.every((p) => p.cluster === 0 && p.x > 0.5 && p.y > 0.5)).toBe(true);
      expect(prospects.every((p) => p.cluster === 2 && p.x < -0.5 && p.y < -0.5)).toBe(true);
    });

    it('sorts the accounts of a segment by name', () => {
      const result = segmentAccounts(accounts, { k: 3 });

      const names = result.segments[0].accounts.map((a) => a.name);
      expect(names[0]).toBe('Enterprise A');
      expect(names).toEqual([...names].sort());
    });
  });

  describe('determinism', () => {
    const book = randomBook(300, 7);

    it('gives identical output for the same input and seed', () => {
      expect(segmentAccounts(book, { seed: 5 })).toEqual(segmentAccounts(book, { seed: 5 }));
      expect(segmentAccounts(book, { k: 4, seed: 5 })).toEqual(segmentAccounts(book, { k: 4, seed: 5 }));
    });

    it('does not depend on the order of the input', () => {
      const reference = segmentAccounts(book);
      expect(segmentAccounts(shuffled(book, 1))).toEqual(reference);
      expect(segmentAccounts([...book].reverse())).toEqual(reference);
      expect(segmentAccounts(shuffled(book, 2), { k: 5 })).toEqual(segmentAccounts(book, { k: 5 }));
    });

    it('uses seed 1 when no seed is given', () => {
      expect(segmentAccounts(book)).toEqual(segmentAccounts(book, { seed: 1 }));
    });
  });

  describe('silhouette', () => {
    it('matches a hand computation on four accounts that differ only in recency', () => {
      // Only recencyDays varies (0, 2, 10, 12 days); every other column is constant and becomes 0.
      // The silhouette is scale-free, so the hand computation can use raw days:
      //   k = 2, {0, 2} {10, 12}: s = 9/11, 7/9, 7/9, 9/11 -> mean 79/99
      //   k = 3, {0, 2} {10} {12} (or its mirror): s = 8/10, 6/8, 0, 0 -> mean 0.3875
      const accounts = [0, 2, 10, 12].map((days) => account(`a${days}`, { recencyDays: days }));

      const result = segmentAccounts(accounts);

      expect(result.silhouette.map((s) => s.k)).toEqual([2, 3]);
      expect(result.silhouette[0].score).toBeCloseTo(79 / 99, 12);
      expect(result.silhouette[1].score).toBeCloseTo(0.3875, 12);
      expect(result.k).toBe(2);
      expect(result.segments.map((s) => s.accounts.map((a) => a.accountId))).toEqual([
        ['a0', 'a2'],
        ['a10', 'a12'],
      ]);
    });

    it('matches a hand computation on five points with the exported silhouetteScore', () => {
      // Clusters {0, 1, 3} and {7, 8} on a line, written as 2-D points (second coordinate constant):
      //   0: a = (1+3)/2 = 2,   b = (7+8)/2 = 7.5  -> 11/15
      //   1: a = (1+2)/2 = 1.5, b = (6+7)/2 = 6.5  -> 10/13
      //   3: a = (3+2)/2 = 2.5, b = (4+5)/2 = 4.5  -> 4/9
      //   7: a = 1,             b = (7+6+4)/3      -> 14/17
      //   8: a = 1,             b = (8+7+5)/3      -> 17/20
      const points = [0, 1, 3, 7, 8].map((x) => [x, 5]);
      const expected = (11 / 15 + 10 / 13 + 4 / 9 + 14 / 17 + 17 / 20) / 5;

      expect(silhouetteScore(points, [0, 0, 0, 1, 1])).toBeCloseTo(expected, 12);
    });

    it('scores a point alone in its cluster as 0 and uses Euclidean distance', () => {
      // {(0,0), (3,4)} and {(30,40)}: for (0,0) a = 5, b = 50 -> 0.9; for (3,4) a = 5, b = 45 -> 8/9; singleton -> 0.
      const score = silhouetteScore(
        [
          [0, 0],
          [3, 4],
          [30, 40],
        ],
        [0, 0, 1],
      );
      expect(score).toBeCloseTo((0.9 + 8 / 9 + 0) / 3, 12);
    });

    it('rejects a partition with a single cluster', () => {
      expect(() => silhouetteScore([[0], [1], [2]], [0, 0, 0])).toThrow(RangeError);
    });
  });

  describe('centroids', () => {
    it('are means of the raw values in original units, unknowns left out, money rounded to minor units', () => {
      const big = [
        account('b1', {
          name: 'Big 1',
          employees: 1_000,
          annualRevenueMinor: 50_000_000_000,
          wonCount: 20,
          wonAmountMinor: 900_000_01,
          recencyDays: 5,
          sector: 'Finance',
        }),
        account('b2', {
          name: 'Big 2',
          employees: null,
          annualRevenueMinor: 60_000_000_001,
          wonCount: 21,
          wonAmountMinor: 900_000_00,
          recencyDays: 6,
          sector: 'Finance',
        }),
        account('b3', {
          name: 'Big 3',
          employees: 1_201,
          annualRevenueMinor: null,
          wonCount: 23,
          wonAmountMinor: 900_000_00,
          recencyDays: 8,
          sector: 'Retail',
        }),
      ];
      const small = [
        account('s1', {
          name: 'Small 1',
          employees: 5,
          annualRevenueMinor: 10_000_000,
          wonCount: 0,
          wonAmountMinor: 0,
          recencyDays: null,
          sector: null,
        }),
        account('s2', {
          name: 'Small 2',
          employees: 6,
          annualRevenueMinor: 12_000_000,
          wonCount: 0,
          wonAmountMinor: 0,
          recencyDays: null,
          sector: null,
        }),
        account('s3', {
          name: 'Small 3',
          employees: 7,
          annualRevenueMinor: 14_000_000,
          wonCount: 0,
          wonAmountMinor: 0,
          recencyDays: null,
          sector: null,
        }),
      ];

      const result = segmentAccounts([...small, ...big], { k: 2 });

      expect(result.segments[0].accounts.map((a) => a.accountId)).toEqual(['b1', 'b2', 'b3']);
      expect(result.segments[0].centroid).toEqual({
        recencyDays: 6.3, // (5 + 6 + 8) / 3 = 6.33…
        wonCount: 21.3, // 64 / 3
        wonAmountMinor: 900_000_00, // 2 700 000 01 / 3 = 90 000 000.33… -> 90 000 000
        employees: 1_100.5, // (1 000 + 1 201) / 2, the unknown left out
        annualRevenueMinor: 55_000_000_001, // (50 000 000 000 + 60 000 000 001) / 2 = …000.5, rounded half up
        topSector: 'Finance',
      });
      expect(result.segments[1].centroid).toEqual({
        recencyDays: null,
        wonCount: 0,
        wonAmountMinor: 0,
        employees: 6,
        annualRevenueMinor: 12_000_000,
        topSector: null,
      });
      expect(result.segments[1].label).toBe('small, never won');
    });
  });

  describe('labels', () => {
    it('word recency in days, not relative to the others: a few days apart is all recent, months apart lapsed, years dormant', () => {
      const group = (prefix: string, recencyDays: number, wonCount: number) =>
        [1, 2, 3].map((i) => account(`${prefix}-${i}`, { recencyDays: recencyDays + i, wonCount, wonAmountMinor: wonCount * 1_000_00 }));
      const recentOnly = segmentAccounts([...group('a', 2, 40), ...group('b', 6, 3)], { k: 2 });
      expect(recentOnly.segments.map((s) => s.label.split(', ')[2])).toEqual(['recent', 'recent']);
      const spread = segmentAccounts([...group('a', 10, 20), ...group('b', 200, 20), ...group('c', 900, 20)], { k: 3 });
      expect(spread.segments.map((s) => s.label.split(', ')[2]).sort()).toEqual(['dormant', 'lapsed', 'recent']);
    });

    it('stay distinct when two clusters read the same, by top sector and then by number', () => {
      // Four clusters that differ only by sector: identical numbers, so identical base labels.
      const sectors = ['Alpha', 'Beta', 'Gamma', 'Delta'];
      const accounts = sectors.flatMap((sector) => [1, 2, 3].map((i) => account(`${sector}-${i}`, { sector })));

      const result = segmentAccounts(accounts, { k: 4 });

      expect(result.segments.map((s) => s.label).sort()).toEqual([
        'mid-size, occasional, recent (Alpha)',
        'mid-size, occasional, recent (Beta)',
        'mid-size, occasional, recent (Delta)',
        'mid-size, occasional, recent (Gamma)',
      ]);
    });

    it('fall back to numbers when the top sector does not tell clusters apart', () => {
      // Two groups without sector that differ only in won amount, which the labels do not read.
      const twins = ['x', 'y'].flatMap((group) =>
        [1, 2, 3].map((i) =>
          account(`${group}${i}`, { sector: null, wonAmountMinor: group === 'x' ? 1_000_00 : 1_000_000_00 }),
        ),
      );

      const labels = segmentAccounts(twins, { k: 2 }).segments.map((s) => s.label);

      expect(labels).toEqual(['mid-size, occasional, recent #1', 'mid-size, occasional, recent #2']);
    });
  });

  describe('range errors', () => {
    const three = [account('a'), account('b', { wonCount: 2 }), account('c', { wonCount: 3 })];

    it('needs at least 3 accounts', () => {
      expect(() => segmentAccounts([])).toThrow(RangeError);
      expect(() => segmentAccounts([account('a'), account('b')])).toThrow(/at least 3 accounts/);
      expect(() => segmentAccounts([account('a'), account('b')], { k: 2 })).toThrow(RangeError);
    });

    it('rejects k outside 2..8, a fractional k and k above n - 1', () => {
      const many = randomBook(20, 3);
      expect(() => segmentAccounts(many, { k: 1 })).toThrow(RangeError);
      expect(() => segmentAccounts(many, { k: 9 })).toThrow(RangeError);
      expect(() => segmentAccounts(many, { k: 2.5 })).toThrow(RangeError);
      expect(() => segmentAccounts(three, { k: 3 })).toThrow(/n-1/);
      expect(segmentAccounts(three, { k: 2 }).k).toBe(2);
    });

    it('rejects duplicate account ids, negative or fractional money and a non-integer seed', () => {
      expect(() => segmentAccounts([...three, account('a')])).toThrow(/duplicate accountId a/);
      expect(() => segmentAccounts([...three, account('d', { wonAmountMinor: -1 })])).toThrow(RangeError);
      expect(() => segmentAccounts([...three, account('d', { annualRevenueMinor: 1.5 })])).toThrow(RangeError);
      expect(() => segmentAccounts(three, { seed: 0.5 })).toThrow(RangeError);
    });

    it('rejects a book whose accounts all look the same', () => {
      expect(() => segmentAccounts([account('a'), account('b'), account('c')])).toThrow(/distinct features/);
    });
  });

  describe('performance', () => {
    it('segments 1,000 accounts with k chosen by silhouette well within a loose bound', () => {
      const book = randomBook(1_000, 11);

      const started = performance.now();
      const result = segmentAccounts(book);
      const elapsed = performance.now() - started;

      expect(result.silhouette.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(result.segments.reduce((sum, s) => sum + s.size, 0)).toBe(1_000);
      expect(elapsed).toBeLessThan(5_000);
    });
  });
});
