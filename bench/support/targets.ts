import type { Row } from './stats';

/**
 * What one run measured, as the benchmarks return it. The rows marked "another helper" come from
 * benchmarks being written beside this one: until run.ts passes them, their lines read "not
 * measured". Each is read by the columns named below (the first row that has them).
 */
export type Issue15Measurements = {
  readonly appends: readonly Row[];
  readonly bare: readonly Row[];
  readonly http: readonly Row[];
  readonly quotes: readonly Row[];
  /** The read side's rebuild of every read model over its generated history: `events`, `events/s`. */
  readonly rebuild: readonly Row[];
  readonly queries: readonly Row[];
  readonly lag: readonly Row[];
  /** Another helper: the rebuild of 1M events, `events`, `seconds`, `events/s`. */
  readonly rebuildAt1M?: readonly Row[];
  /** Another helper: the API started on a log of 1M events until ready, `events`, `seconds`. */
  readonly startAt1M?: readonly Row[];
  /** Another helper: loading an aggregate with 10,000 events (with snapshots), `p50 ms`, `p99 ms`. */
  readonly aggregateLoad?: readonly Row[];
  /** Another helper: `sales-api` RSS at 100k opportunities under load, `RSS MB`. */
  readonly rssAt100k?: readonly Row[];
};

const NOT_MEASURED = 'not measured';
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const num = (row: Row | undefined, column: string): number => (row === undefined || row[column] === undefined ? Number.NaN : Number(row[column]));
const withColumns = (rows: readonly Row[] | undefined, ...columns: string[]): Row | undefined => rows?.find((row) => columns.every((column) => row[column] !== undefined));
const yesNo = (met: boolean): string => (met ? 'yes' : 'no');
const line = (what: string, measured: string, target: string, met: boolean): Row => ({ what, measured, target, met: yesNo(met) });
const notMeasured = (what: string, target: string): Row => ({ what, measured: NOT_MEASURED, target, met: 'no' });

/** Every row of the issue's table, with what this run measured and whether it meets the target. */
export function issue15Targets(m: Issue15Measurements): Row[] {
  const rows: Row[] = [];
  const bare = num(m.bare[0], 'requests/s');
  const bareNote = `bare endpoint ${count(bare)} requests/s in this run`;

  const concurrent = m.appends.find((row) => String(row.scenario).includes('concurrent') && row['events/append'] === 1);
  rows.push(
    concurrent
      ? line('event store, concurrent single-event appends', `${count(num(concurrent, 'events/s'))} events/s, p99 ${num(concurrent, 'p99 ms')} ms`, '≥ 50,000 events/s', num(concurrent, 'events/s') >= 50_000)
      : notMeasured('event store, concurrent single-event appends', '≥ 50,000 events/s'),
  );

  const flow = m.http[0];
  if (flow) {
    const ratio = num(flow, 'commands/s') / bare;
    const errors = num(flow, 'non-2xx/errors');
    rows.push(
      line(
        `HTTP: ${String(flow.flow)}, ${String(flow.connections)} connections`,
        `${count(num(flow, 'commands/s'))} commands/s, p99 ${num(flow, 'p99 ms')} ms, ${errors} errors — ${ratio.toFixed(3)} × bare (${bareNote})`,
        '≥ 0.25 × bare, p99 ≤ 25 ms, 0 errors',
        ratio >= 0.25 && num(flow, 'p99 ms') <= 25 && errors === 0,
      ),
    );
  } else rows.push(notMeasured('HTTP: open + 2 stage changes, 64 connections', '≥ 0.25 × bare, p99 ≤ 25 ms, 0 errors'));

  const sale = m.quotes[0];
  if (sale) {
    const ratio = num(sale, 'commands/s') / bare;
    rows.push(
      line(
        'whole sale over HTTP (6 commands)',
        `${count(num(sale, 'commands/s'))} commands/s, ${num(sale, 'sales/s')} sales/s — ${ratio.toFixed(3)} × bare`,
        '≥ 0.2 × bare',
        ratio >= 0.2,
      ),
    );
  } else rows.push(notMeasured('whole sale over HTTP (6 commands)', '≥ 0.2 × bare'));

  const rebuilt = m.rebuild[0];
  rows.push(
    rebuilt
      ? line(
          `rebuild of every read model (${count(num(rebuilt, 'events'))} events)`,
          `${count(num(rebuilt, 'events/s'))} events/s`,
          '≥ 100,000 events/s',
          num(rebuilt, 'events/s') >= 100_000,
        )
      : notMeasured('rebuild of every read model', '≥ 100,000 events/s'),
  );
  const rebuilt1M = withColumns(m.rebuildAt1M, 'seconds');
  rows.push(
    rebuilt1M
      ? line('rebuild of every read model, 1M events', `${num(rebuilt1M, 'seconds')} s`, '≤ 10 s', num(rebuilt1M, 'seconds') <= 10)
      : notMeasured('rebuild of every read model, 1M events', '≤ 10 s'),
  );

  const lists = m.queries.filter((row) => /^GET \/opportunities\?/.test(String(row.query)));
  if (lists.length > 0) {
    const worst = lists.reduce((a, b) => (num(b, 'p99 ms') > num(a, 'p99 ms') ? b : a));
    rows.push(
      line(
        `\`GET /opportunities?limit=50\`, ${lists.length} filters and sorts`,
        `worst p99 ${num(worst, 'p99 ms')} ms (${String(worst.query).slice(4)}); p99 of each: ${lists.map((row) => num(row, 'p99 ms')).join(' / ')} ms`,
        'p99 ≤ 20 ms for every filter and sort',
        lists.every((row) => num(row, 'p99 ms') <= 20),
      ),
    );
  } else rows.push(notMeasured('`GET /opportunities?limit=50`, every filter and sort', 'p99 ≤ 20 ms for every filter and sort'));

  const reports = ['/pipeline', '/forecast', '/team'].map((path) => m.queries.find((row) => row.query === `GET ${path}`));
  rows.push(
    reports.every((row) => row !== undefined)
      ? line(
          '`GET /pipeline` / `GET /forecast` / `GET /team`',
          `p99 ${reports.map((row) => num(row, 'p99 ms')).join(' / ')} ms`,
          'p99 ≤ 20 ms each',
          reports.every((row) => num(row, 'p99 ms') <= 20),
        )
      : notMeasured('`GET /pipeline` / `GET /forecast` / `GET /team`', 'p99 ≤ 20 ms each'),
  );

  const lag = m.lag[0];
  rows.push(
    lag
      ? line(
          'append → visible (minPosition read) at 1,000 commands/s',
          `p50 ${num(lag, 'p50 ms')}, p99 ${num(lag, 'p99 ms')} ms (background load reached ${count(num(lag, 'background commands/s'))} commands/s)`,
          'p50 ≤ 5, p99 ≤ 25 ms at 1,000 commands/s',
          num(lag, 'p50 ms') <= 5 && num(lag, 'p99 ms') <= 25 && num(lag, 'background commands/s') >= 950,
        )
      : notMeasured('append → visible (minPosition read) at 1,000 commands/s', 'p50 ≤ 5, p99 ≤ 25 ms at 1,000 commands/s'),
  );

  const started = withColumns(m.startAt1M, 'seconds');
  rows.push(
    started
      ? line('API start with 1M events in the log', `ready in ${num(started, 'seconds')} s`, 'ready in ≤ 10 s', num(started, 'seconds') <= 10)
      : notMeasured('API start with 1M events in the log', 'ready in ≤ 10 s'),
  );
  const load = withColumns(m.aggregateLoad, 'p99 ms');
  rows.push(
    load
      ? line('loading an aggregate with 10,000 events', `p50 ${num(load, 'p50 ms')}, p99 ${num(load, 'p99 ms')} ms`, '≤ 5 ms', num(load, 'p99 ms') <= 5)
      : notMeasured('loading an aggregate with 10,000 events', '≤ 5 ms'),
  );
  const rss = withColumns(m.rssAt100k, 'RSS MB');
  rows.push(
    rss
      ? line('memory of `sales-api` at 100k opportunities under load', `${num(rss, 'RSS MB')} MB RSS`, '≤ 300 MB RSS', num(rss, 'RSS MB') <= 300)
      : notMeasured('memory of `sales-api` at 100k opportunities under load', '≤ 300 MB RSS'),
  );
  return rows;
}
