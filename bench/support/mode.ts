/**
 * `npm run bench -- --quick` (or BENCH_QUICK=1): every scenario at a small size and for a short
 * time, a smoke test that the harness runs end to end (under 2 minutes here with the build: 105 s
 * at a load average of 4; "Time per scenario" at the end of its report says where they go). Its figures are
 * not comparable with a full run's; RESULTS.md is written by full runs only.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** The full run's size, or the quick run's. */
export const sized = <T>(full: T, quick: T): T => (QUICK ? quick : full);
