/**
 * Customer segmentation of B2B accounts with k-means (the `ml-kmeans` library does the clustering).
 *
 * A pure function of its input: no I/O, no clock, no `Math.random` — the only randomness is the
 * k-means++ initialisation, seeded by `options.seed`, so the same accounts and seed always give
 * the same segmentation, whatever order the accounts arrive in.
 *
 * ## Features (one row per account, Euclidean distance)
 *
 * RFM of won deals plus company size and sector:
 *
 * | column                          | from                                                               |
 * | ------------------------------- | ------------------------------------------------------------------ |
 * | `z(recencyDays)`                | days since the last won deal; never won = max observed + 1         |
 * | `z(log1p(wonCount))`            | frequency                                                          |
 * | `z(log1p(wonAmountMinor))`      | monetary value                                                     |
 * | `z(log1p(employees))`           | size; unknown = median of the known values                         |
 * | `z(log1p(annualRevenueMinor))`  | size; unknown = median of the known values                         |
 * | `onehot(sector=S)/sqrt(2)`      | one column per sector seen; unknown sector = all zeros             |
 *
 * - log1p on the skewed quantities: won amounts, counts, head counts and revenue span orders of
 *   magnitude, and without the log one enterprise would be its own cluster and everyone else a blob.
 *   Recency is in days, already on a bounded, roughly linear scale, so it stays as it is.
 * - Never-won accounts get recency = (max observed recency + 1): "less recent than anyone who
 *   ever bought", without inventing a number far out of range that would dominate the column.
 *   If nobody ever won, every account gets {@link NEVER_WON_RECENCY_DAYS} (the column is then
 *   constant and drops out).
 * - Median imputation for unknown size: the median is robust to the few giants in a B2B book,
 *   and it places the unknown account in the middle of the column rather than at zero ("tiny").
 * - z-scores (population standard deviation) put days, counts and logs of money on one scale so
 *   each numeric column weighs the same; a constant column becomes all zeros instead of NaN.
 * - Sector: a one-hot block, each column × 1/√2. Two accounts in different sectors differ in two
 *   columns, so their squared distance grows by 2 × (1/√2)² = 1 — the same as one standard
 *   deviation apart on one numeric feature — however many sectors exist. Unscaled one-hot (a
 *   mismatch worth 2) would let the sector dominate over half the RFM signal; weighting by
 *   inverse frequency would make a rare sector blow up. An unknown sector is all zeros: half a
 *   mismatch away from every known sector, never "the same sector" as another unknown.
 *
 * ## Choosing k
 *
 * With `k` given, that k is used. Otherwise k = 2..min(8, n−1) are all clustered and the one with
 * the best mean silhouette (exact, Euclidean, on the feature rows above) wins; ties go to the
 * smaller k. Every pairwise distance is computed once and added straight into per-k, per-cluster
 * sums, so seven values of k cost one O(n²) pass and O(n·Σk) memory rather than seven passes or
 * an n×n matrix (1,000 accounts: about 0.5 M distances).
 *
 * ## Labels
 *
 * From the cluster's standardised centroid, i.e. relative to the population mean in standard
 * deviations, > +0.5 high and < −0.5 low on three axes:
 * - size = mean of z(log1p(employees)) and z(log1p(annualRevenueMinor)): large / mid-size / small;
 * - frequency = z(log1p(wonCount)): frequent / occasional / rare, or "never won" when no member
 *   ever won (the recency word is then left out: there is no last deal to be recent about);
 * - recency, in absolute terms (the centroid's mean days since the last win): recent (≤ 90),
 *   lapsed (≤ 365), dormant. Relative words would call an account "lapsed" for winning four days
 *   before the others; for the same reason the recency column is standardised with a spread of
 *   at least 30 days, so days of difference among accounts that all won lately weigh little.
 * Clusters that would share a label get their top sector appended, then a number.
 */
import { kmeans } from 'ml-kmeans';
export type AccountFeatures = {
  readonly accountId: string;
  readonly name: string;
  readonly sector: string | null;
  readonly employees: number | null;
  /** Annual revenue in integer minor units, or null when unknown. */
  readonly annualRevenueMinor: number | null;
  /** Won deals up to asOf. */
  readonly wonCount: number;
  /** Sum of won amounts up to asOf, integer minor units of one currency. */
  readonly wonAmountMinor: number;
  /** Days from the last won deal to asOf; null when the account never won a deal. */
  readonly recencyDays: number | null;
};

export type SegmentationOptions = {
  /** Number of segments, 2..8 and at most n−1; omitted = chosen by silhouette. */
  readonly k?: number;
  /** Seed of the k-means++ initialisation (a safe integer); default 1. */
  readonly seed?: number;
};

/** A cluster's centre in original units: means of the members' raw values (unknowns left out). */
export type SegmentCentroid = {
  /** Mean days since the last win over members who ever won (1 decimal); null when none did. */
  recencyDays: number | null;
  /** Mean won deals (1 decimal). */
  wonCount: number;
  /** Mean won amount, rounded to integer minor units. */
  wonAmountMinor: number;
  /** Mean head count over members with a known one (1 decimal); null when none is known. */
  employees: number | null;
  /** Mean annual revenue over members with a known one, integer minor units; null when none is known. */
  annualRevenueMinor: number | null;
  /** Most frequent known sector among the members (ties: alphabetical); null when none is known. */
  topSector: string | null;
};

export type Segment = {
  /** 0-based; clusters ordered by descending mean won amount (then mean won count). */
  readonly cluster: number;
  /** E.g. "large, frequent, recent"; unique within one segmentation. */
  readonly label: string;
  readonly size: number;
  readonly centroid: SegmentCentroid;
  /** Sorted by name (English collation), then accountId. */
  readonly accounts: readonly { accountId: string; name: string }[];
};

export type Segmentation = {
  readonly k: number;
  readonly chosenBy: 'request' | 'silhouette';
  /**
   * Mean silhouette for each k tried (2..min(8, n−1), and no more than the number of accounts with
   * distinct features) when k was not given — empty when it was.
   * The chosen k has the best score (ties: the smaller k).
   */
  readonly silhouette: readonly { k: number; score: number }[];
  /** Names of the feature columns clustered on, in column order. */
  readonly features: readonly string[];
  readonly segments: readonly Segment[];
  /**
   * One point per account (ordered by accountId) for a scatter plot: x = z(log1p(wonAmountMinor))
   * (value), y = z(log1p(wonCount)) (frequency), both rounded to 4 decimals.
   */
  readonly points: readonly { accountId: string; name: string; cluster: number; x: number; y: number }[];
};

/** Fewer than 3 accounts cannot be split into 2 clusters that each have a neighbour to compare with. */
export const MIN_ACCOUNTS = 3;
export const MIN_K = 2;
export const MAX_K = 8;
/** Recency given to never-won accounts when no account ever won (the column is constant then). */
export const NEVER_WON_RECENCY_DAYS = 3650;

/** A centroid coordinate above this many standard deviations reads as "high" (below its negative, "low"). */
const LABEL_THRESHOLD = 0.5;
/** Recency is standardised with at least this spread, and worded in absolute terms: within 90 days recent, within a year lapsed, else dormant. */
const RECENCY_UNIT_DAYS = 30;
const RECENT_DAYS = 90;
const LAPSED_DAYS = 365;
/** k-means runs per k (seeds seed, seed+1, …); the lowest within-cluster sum of squares is kept. */
const RUNS_PER_K = 3;
/** Extra runs allowed only when every run so far left a cluster empty. */
const MAX_RUNS_PER_K = 10;
const MAX_ITERATIONS = 100;
const SECTOR_WEIGHT = Math.SQRT1_2;

const NUMERIC_FEATURES = [
  'z(recencyDays)',
  'z(log1p(wonCount))',
  'z(log1p(wonAmountMinor))',
  'z(log1p(employees))',
  'z(log1p(annualRevenueMinor))',
] as const;
const FREQUENCY = 1;
const MONETARY = 2;
const EMPLOYEES = 3;
const REVENUE = 4;

/**
 * Splits accounts into k segments (see the file comment for features, choice of k and labels).
 * @throws RangeError with fewer than 3 accounts, a k outside 2..8 or above n−1 (or above the
 *   number of accounts with distinct features), a non-integer seed, a duplicate accountId, or a
 *   negative / non-finite / non-integer-money figure.
 */
export function segmentAccounts(accounts: readonly AccountFeatures[], options: SegmentationOptions = {}): Segmentation {
  const n = accounts.length;
  if (n < MIN_ACCOUNTS) {
    throw new RangeError(`segmentation needs at least ${MIN_ACCOUNTS} accounts, got ${n}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const requestedK = options.k;
  if (requestedK !== undefined) {
    if (!Number.isInteger(requestedK) || requestedK < MIN_K || requestedK > MAX_K) {
      throw new RangeError(`k must be an integer from ${MIN_K} to ${MAX_K}, got ${requestedK}`);
    }
    if (requestedK > n - 1) {
      throw new RangeError(`k must be at most n-1 = ${n - 1} for ${n} accounts, got ${requestedK}`);
    }
  }
  accounts.forEach(validateAccount);

  // Sorting first makes every later step (medians, column order, k-means rows) independent of input order.
  const sorted = [...accounts].sort((a, b) => compareCodeUnits(a.accountId, b.accountId));
  for (let i = 1; i < n; i++) {
    if (sorted[i].accountId === sorted[i - 1].accountId) {
      throw new RangeError(`duplicate accountId ${sorted[i].accountId}`);
    }
  }

  const { features, rows } = buildFeatureRows(sorted);
  const distinct = countDistinctRows(rows);

  let k: number;
  let clusters: Int32Array;
  let silhouette: { k: number; score: number }[] = [];
  if (requestedK !== undefined) {
    if (requestedK > distinct) {
      throw new RangeError(`k = ${requestedK} exceeds the ${distinct} accounts with distinct features`);
    }
    clusters = clusterRows(rows, requestedK, seed);
    k = requestedK;
  } else {
    const maxK = Math.min(MAX_K, n - 1, distinct);
    if (maxK < MIN_K) {
      throw new RangeError('segmentation needs at least 2 accounts with distinct features; all accounts look the same');
    }
    const tried: { k: number; clusters: Int32Array }[] = [];
    for (let candidate = MIN_K; candidate <= maxK; candidate++) {
      tried.push({ k: candidate, clusters: clusterRows(rows, candidate, seed) });
    }
    const scores = silhouetteScores(rows, tried);
    silhouette = tried.map((t, i) => ({ k: t.k, score: scores[i] }));
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
    k = tried[best].k;
    clusters = tried[best].clusters;
  }

  const ordered = orderClusters(sorted, clusters);
  const segments = describeSegments(sorted, rows, ordered.clusters, ordered.count);
  const points = sorted.map((a, i) => ({
    accountId: a.accountId,
    name: a.name,
    cluster: ordered.clusters[i],
    x: round(rows[i][MONETARY], 4),
    y: round(rows[i][FREQUENCY], 4),
  }));

  return {
    k: Math.min(k, ordered.count),
    chosenBy: requestedK === undefined ? 'silhouette' : 'request',
    silhouette,
    features,
    segments,
    points,
  };
}

/**
 * Mean silhouette of a partition of points under Euclidean distance (Rousseeuw 1987, as scikit-learn):
 * s(i) = (b − a) / max(a, b) with a = mean distance to the rest of its own cluster and b = the
 * smallest mean distance to another cluster; a point alone in its cluster scores 0.
 * @param clusters - 0-based cluster of each point; at least 2 and at most n−1 non-empty clusters.
 */
export function silhouetteScore(points: readonly (readonly number[])[], clusters: readonly number[]): number {
  if (points.length !== clusters.length) {
    throw new RangeError(`${points.length} points but ${clusters.length} cluster ids`);
  }
  if (!clusters.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new RangeError('cluster ids must be non-negative integers');
  }
  const used = new Set(clusters).size;
  if (used < 2 || used > points.length - 1) {
    throw new RangeError(`silhouette needs 2..n-1 clusters, got ${used} for ${points.length} points`);
  }
  const k = Math.max(...clusters) + 1;
  return silhouetteScores(points, [{ k, clusters: Int32Array.from(clusters) }])[0];
}

function validateAccount(a: AccountFeatures): void {
  const where = `account ${a.accountId}`;
  if (typeof a.accountId !== 'string' || a.accountId === '')
    throw new RangeError('accountId must be a non-empty string');
  if (!isCount(a.wonCount)) throw new RangeError(`${where}: wonCount must be a non-negative integer`);
  if (!isMoney(a.wonAmountMinor)) throw new RangeError(`${where}: wonAmountMinor must be a non-negative safe integer`);
  if (a.annualRevenueMinor !== null && !isMoney(a.annualRevenueMinor)) {
    throw new RangeError(`${where}: annualRevenueMinor must be a non-negative safe integer or null`);
  }
  if (a.employees !== null && !isCount(a.employees)) {
    throw new RangeError(`${where}: employees must be a non-negative integer or null`);
  }
  if (a.recencyDays !== null && !(Number.isFinite(a.recencyDays) && a.recencyDays >= 0)) {
    throw new RangeError(`${where}: recencyDays must be a non-negative number or null`);
  }
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

function isMoney(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Feature rows (see the file comment) for accounts already sorted by accountId. */
function buildFeatureRows(accounts: readonly AccountFeatures[]): { features: string[]; rows: number[][] } {
  const observedRecency = accounts.flatMap((a) => (a.recencyDays === null ? [] : [a.recencyDays]));
  const neverWonRecency = observedRecency.length === 0 ? NEVER_WON_RECENCY_DAYS : Math.max(...observedRecency) + 1;
  const employeesMedian = median(accounts.flatMap((a) => (a.employees === null ? [] : [a.employees])));
  const revenueMedian = median(accounts.flatMap((a) => (a.annualRevenueMinor === null ? [] : [a.annualRevenueMinor])));

  const columns = [
    standardise(accounts.map((a) => a.recencyDays ?? neverWonRecency), RECENCY_UNIT_DAYS),
    standardise(accounts.map((a) => Math.log1p(a.wonCount))),
    standardise(accounts.map((a) => Math.log1p(a.wonAmountMinor))),
    standardise(accounts.map((a) => Math.log1p(a.employees ?? employeesMedian))),
    standardise(accounts.map((a) => Math.log1p(a.annualRevenueMinor ?? revenueMedian))),
  ];
  const sectors = [...new Set(accounts.flatMap((a) => (a.sector === null ? [] : [a.sector])))].sort(compareCodeUnits);
  const rows = accounts.map((a, i) => [
    ...columns.map((column) => column[i]),
    ...sectors.map((sector) => (a.sector === sector ? SECTOR_WEIGHT : 0)),
  ]);
  return {
    features: [...NUMERIC_FEATURES, ...sectors.map((sector) => `onehot(sector=${sector})/sqrt(2)`)],
    rows,
  };
}

/** Median of the values; 0 when there are none (the imputed column is then constant and drops out). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * z-scores with the population standard deviation; a constant column becomes zeros (not NaN, not
 * rounding noise). `minimumSpread` keeps a column whose values barely differ from weighing like
 * one that varies: when every account won something in the last few weeks, a few days more or
 * less is noise, not a segment.
 */
function standardise(values: number[], minimumSpread = 0): number[] {
  if (values.every((v) => v === values[0])) return values.map(() => 0);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
  return values.map((v) => (v - mean) / Math.max(sd, minimumSpread));
}

function countDistinctRows(rows: readonly number[][]): number {
  return new Set(rows.map((row) => row.join(','))).size;
}

/**
 * Runs ml-kmeans (k-means++ initialisation) {@link RUNS_PER_K} times with seeds seed, seed+1, … and
 * keeps the partition with the lowest within-cluster sum of squares (earliest run on ties), like
 * scikit-learn's n_init: one unlucky initialisation should not decide the segments. A run that
 * leaves a cluster empty is only kept if no run avoids it (then the empty cluster is dropped later).
 */
function clusterRows(rows: number[][], k: number, seed: number): Int32Array {
  let best: { clusters: Int32Array; inertia: number; complete: boolean } | undefined;
  for (let run = 0; run < MAX_RUNS_PER_K; run++) {
    if (run >= RUNS_PER_K && best?.complete) break;
    const result = kmeans(rows, k, { seed: seed + run, initialization: 'kmeans++', maxIterations: MAX_ITERATIONS });
    const clusters = Int32Array.from(result.clusters);
    const { inertia, complete } = withinClusterSumOfSquares(rows, clusters, k);
    const better =
      best === undefined || (complete && !best.complete) || (complete === best.complete && inertia < best.inertia);
    if (better) best = { clusters, inertia, complete };
  }
  if (best === undefined) throw new Error('unreachable: k-means ran at least once');
  return best.clusters;
}

function withinClusterSumOfSquares(
  rows: readonly number[][],
  clusters: Int32Array,
  k: number,
): { inertia: number; complete: boolean } {
  const dims = rows[0].length;
  const sums = new Float64Array(k * dims);
  const sizes = new Int32Array(k);
  rows.forEach((row, i) => {
    sizes[clusters[i]]++;
    for (let d = 0; d < dims; d++) sums[clusters[i] * dims + d] += row[d];
  });
  let inertia = 0;
  rows.forEach((row, i) => {
    const c = clusters[i];
    for (let d = 0; d < dims; d++) inertia += (row[d] - sums[c * dims + d] / sizes[c]) ** 2;
  });
  return { inertia, complete: sizes.every((size) => size > 0) };
}

/**
 * Mean silhouette for several partitions of the same points at once. Each pairwise distance is
 * computed once and added to the (point, cluster) sums of every partition, which gives what a
 * precomputed distance matrix would give without holding n² numbers.
 */
function silhouetteScores(
  points: readonly (readonly number[])[],
  partitions: readonly { k: number; clusters: Int32Array }[],
): number[] {
  const n = points.length;
  const dims = points[0]?.length ?? 0;
  const flat = new Float64Array(n * dims);
  points.forEach((p, i) => flat.set(p, i * dims));
  const sums = partitions.map((p) => new Float64Array(n * p.k));
  const labels = partitions.map((p) => p.clusters);
  const ks = partitions.map((p) => p.k);
  const m = partitions.length;

  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let squared = 0;
      for (let d = 0; d < dims; d++) {
        const diff = flat[i * dims + d] - flat[j * dims + d];
        squared += diff * diff;
      }
      const distance = Math.sqrt(squared);
      for (let t = 0; t < m; t++) {
        const sum = sums[t];
        const label = labels[t];
        sum[i * ks[t] + label[j]] += distance;
        sum[j * ks[t] + label[i]] += distance;
      }
    }
  }

  return partitions.map(({ k, clusters }, t) => {
    const sizes = new Int32Array(k);
    for (const c of clusters) sizes[c]++;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = clusters[i];
      if (sizes[own] <= 1) continue;
      const a = sums[t][i * k + own] / (sizes[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c !== own && sizes[c] > 0) b = Math.min(b, sums[t][i * k + c] / sizes[c]);
      }
      const scale = Math.max(a, b);
      if (scale > 0) total += (b - a) / scale;
    }
    return total / n;
  });
}

/**
 * Renumbers clusters 0.. by descending mean won amount (exact, in BigInt), then descending mean won
 * count, then the smallest member accountId; empty clusters disappear.
 */
function orderClusters(
  accounts: readonly AccountFeatures[],
  clusters: Int32Array,
): { clusters: Int32Array; count: number } {
  type Stats = { id: number; size: number; amount: bigint; count: number; first: string };
  const stats = new Map<number, Stats>();
  accounts.forEach((a, i) => {
    const s = stats.get(clusters[i]) ?? { id: clusters[i], size: 0, amount: 0n, count: 0, first: a.accountId };
    s.size++;
    s.amount += BigInt(a.wonAmountMinor);
    s.count += a.wonCount;
    stats.set(clusters[i], s);
  });
  const order = [...stats.values()].sort((x, y) => {
    const byAmount = y.amount * BigInt(x.size) - x.amount * BigInt(y.size);
    if (byAmount !== 0n) return byAmount > 0n ? 1 : -1;
    const byCount = y.count / y.size - x.count / x.size;
    if (byCount !== 0) return byCount;
    return compareCodeUnits(x.first, y.first);
  });
  const rank = new Map(order.map((s, index) => [s.id, index]));
  return { clusters: clusters.map((c) => rank.get(c) ?? -1), count: order.length };
}

const byName = new Intl.Collator('en');

function describeSegments(
  accounts: readonly AccountFeatures[],
  rows: readonly number[][],
  clusters: Int32Array,
  count: number,
): Segment[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  clusters.forEach((c, i) => members[c].push(i));

  const drafts = members.map((indices, cluster) => {
    const group = indices.map((i) => accounts[i]);
    const z = (column: number): number => indices.reduce((sum, i) => sum + rows[i][column], 0) / indices.length;
    const centroid = rawCentroid(group);
    const neverWon = group.every((a) => a.wonCount === 0);
    return {
      cluster,
      label: baseLabel((z(EMPLOYEES) + z(REVENUE)) / 2, z(FREQUENCY), centroid.recencyDays, neverWon),
      size: group.length,
      centroid,
      accounts: group
        .map((a) => ({ accountId: a.accountId, name: a.name }))
        .sort((x, y) => byName.compare(x.name, y.name) || compareCodeUnits(x.accountId, y.accountId)),
    };
  });

  const labels = distinctLabels(drafts.map((d) => ({ label: d.label, topSector: d.centroid.topSector })));
  return drafts.map((d, i) => ({ ...d, label: labels[i] }));
}

function rawCentroid(group: readonly AccountFeatures[]): SegmentCentroid {
  const recency = group.flatMap((a) => (a.recencyDays === null ? [] : [a.recencyDays]));
  const employees = group.flatMap((a) => (a.employees === null ? [] : [a.employees]));
  const revenue = group.flatMap((a) => (a.annualRevenueMinor === null ? [] : [a.annualRevenueMinor]));
  return {
    recencyDays: recency.length === 0 ? null : round(mean(recency), 1),
    wonCount: round(mean(group.map((a) => a.wonCount)), 1),
    wonAmountMinor: meanMinor(group.map((a) => a.wonAmountMinor)),
    employees: employees.length === 0 ? null : round(mean(employees), 1),
    annualRevenueMinor: revenue.length === 0 ? null : meanMinor(revenue),
    topSector: topSector(group),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Mean of non-negative integer minor units, rounded half up, summed in BigInt so no total loses cents. */
function meanMinor(values: readonly number[]): number {
  const sum = values.reduce((total, v) => total + BigInt(v), 0n);
  const n = BigInt(values.length);
  return Number((2n * sum + n) / (2n * n));
}

function topSector(group: readonly AccountFeatures[]): string | null {
  const counts = new Map<string, number>();
  for (const a of group) if (a.sector !== null) counts.set(a.sector, (counts.get(a.sector) ?? 0) + 1);
  let best: string | null = null;
  for (const [sector, n] of counts) {
    const bestCount = best === null ? 0 : (counts.get(best) ?? 0);
    if (n > bestCount || (n === bestCount && best !== null && compareCodeUnits(sector, best) < 0)) best = sector;
  }
  return best;
}

function baseLabel(size: number, frequency: number, recencyDays: number | null, neverWon: boolean): string {
  const sizeWord = level(size, 'large', 'mid-size', 'small');
  if (neverWon || recencyDays === null) return `${sizeWord}, never won`;
  const frequencyWord = level(frequency, 'frequent', 'occasional', 'rare');
  const recencyWord = recencyDays <= RECENT_DAYS ? 'recent' : recencyDays <= LAPSED_DAYS ? 'lapsed' : 'dormant';
  return `${sizeWord}, ${frequencyWord}, ${recencyWord}`;
}

function level(z: number, high: string, middle: string, low: string): string {
  if (z > LABEL_THRESHOLD) return high;
  if (z < -LABEL_THRESHOLD) return low;
  return middle;
}

/** Clusters sharing a label get " (top sector)" appended, then " #1", " #2", … in cluster order if still shared. */
function distinctLabels(drafts: readonly { label: string; topSector: string | null }[]): string[] {
  const duplicated = (labels: readonly string[]): ((label: string) => boolean) => {
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    return (label) => (counts.get(label) ?? 0) > 1;
  };
  const base = drafts.map((d) => d.label);
  const isShared = duplicated(base);
  const withSector = drafts.map((d) =>
    isShared(d.label) && d.topSector !== null ? `${d.label} (${d.topSector})` : d.label,
  );
  const stillShared = duplicated(withSector);
  const seen = new Map<string, number>();
  return withSector.map((label) => {
    if (!stillShared(label)) return label;
    const number = (seen.get(label) ?? 0) + 1;
    seen.set(label, number);
    return `${label} #${number}`;
  });
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Locale-independent order for ids and sector names, so the output does not depend on the machine. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
