/**
 * `npm run bench -- --quick` (or BENCH_QUICK=1): every scenario at a small size and for a short
 * time, to check that the harness runs end to end (about 4 minutes here; the goal is 2). Its figures are not
 * comparable with a full run's; RESULTS.md is written by full runs only.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** The full run's size, or the quick run's. */
export const sized = <T>(full: T, quick: T): T => (QUICK ? quick : full);
