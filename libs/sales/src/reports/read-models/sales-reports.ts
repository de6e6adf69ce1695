import { Injectable } from '@nestjs/common';
import { type Actor, DomainError } from '@ledger/event-sourcing';
import { cellId, type CubeCell, type CubeDefinition, type CubeRow, cuboidsOf, measureValues, queryCube, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, type AccountView } from '../../account';
import { PIPELINE_CUBE, STAGES, weightedAmount } from '../../opportunity';
import { UNKNOWN_ACCOUNT_ID } from '../../import';
import { TARGET_VIEWS, type TargetView } from '../../target';
import { type AccountFeatures, segmentAccounts, type Segmentation } from '../segments/segmentation';
import { daysBetween, histogramQuantile, quantileOf, sketchQuantile } from './measures';
import { ReportDimensions, type ReportFilters, type ReportGrouping, type ReportScope } from './report-scope';
import { ACCOUNT_CLOSES_CUBE, CLOSED_DEALS_CUBE } from './sales-facts/closed-deals.cube';
import { FUNNEL_CUBE } from './sales-facts/funnel.cube';
import { QUOTES_CUBE } from './sales-facts/quotes.cube';

/** Every report answers this shape: flat rows (also the CSV), each with a stable key and a display label. */
export type Report<Row extends ReportRow = ReportRow> = {
  readonly report: string;
  readonly by?: string;
  readonly filters: ReportFilters;
  readonly rows: readonly Row[];
};
export type ReportRow = { readonly key: string | null; readonly label: string } & Readonly<Record<string, string | number | null>>;
/** The segments report: its rows, and the clustering they come from. */
export type SegmentsReport = Report & { readonly segmentation: Segmentation; readonly asOf: string; readonly currency: string };

/** The cube dimension a grouping reads, before it is mapped to its key (an owner to a manager, a product to a series). */
const CUBE_GROUP: Record<ReportGrouping, string> = {
  month: 'month',
  quarter: 'quarter',
  agent: 'ownerId',
  manager: 'ownerId',
  region: 'ownerId',
  product: 'product',
  series: 'product',
  sector: 'sector',
  account: 'accountId',
};

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
const isTime = (by: ReportGrouping): boolean => by === 'month' || by === 'quarter';

type Grouped = { key: string | null; rows: CubeRow[] };

/** Adds up totals of rows that share a value. */
const addUp = (rows: readonly CubeRow[]): CubeRow => {
  const total: CubeRow = { key: {}, n: 0, s: {} };
  for (const row of rows) {
    total.n += row.n;
    for (const name in row.s) total.s[name] = (total.s[name] ?? 0) + row.s[name];
  }
  return total;
};

/**
 * The analysts' reports, each added up from a cube's cells (never by reading every deal), filtered
 * by business dates, agent, manager, region, product, sector and currency, and limited to what the
 * reader may see.
 */
@Injectable()
export class SalesReports {
  private readonly segmentations = new Map<string, Segmentation>();

  constructor(private readonly readStore: ReadStore) {}

  async revenue(filters: ReportFilters, by: ReportGrouping, actor: Actor): Promise<Report> {
    const { dimensions, scope } = await this.scoped(filters, actor);
    const groups = await this.grouped(CLOSED_DEALS_CUBE, dimensions, { ...scope, where: { ...scope.where, status: ['won'] } }, by, ['currency'], ['amount']);
    return this.rows('revenue', by, filters, dimensions, groups, (group) =>
      byCurrency(group.rows).map(([currency, total]) => ({ currency, wonCount: total.n, wonAmountMinor: total.s.amount ?? 0 })),
    );
  }

  async winRate(filters: ReportFilters, by: ReportGrouping, actor: Actor): Promise<Report> {
    const { dimensions, scope } = await this.scoped(filters, actor);
    const groups = await this.grouped(CLOSED_DEALS_CUBE, dimensions, scope, by, ['status'], []);
    return this.rows('win-rate', by, filters, dimensions, groups, (group) => {
      const won = count(group.rows, 'won');
      const lost = count(group.rows, 'lost');
      return [{ won, lost, winRate: ratio(won, won + lost) }];
    });
  }

  async salesCycle(filters: ReportFilters, by: ReportGrouping, actor: Actor): Promise<Report> {
    const { dimensions, scope } = await this.scoped(filters, actor);
    const groups = await this.grouped(CLOSED_DEALS_CUBE, dimensions, scope, by, ['status'], ['cycleDays', 'cycle:']);
    return this.rows('sales-cycle', by, filters, dimensions, groups, (group) => {
      const cycle = (status: string) => {
        const total = addUp(group.rows.filter((row) => row.key.status === status));
        return {
          [`${status}Count`]: total.n,
          [`${status}MeanDays`]: total.n === 0 ? null : oneDecimal((total.s.cycleDays ?? 0) / total.n),
          [`${status}MedianDays`]: histogramQuantile(total.s, 'cycle', 0.5),
          [`${status}P90Days`]: histogramQuantile(total.s, 'cycle', 0.9),
        };
      };
      return [{ ...cycle('won'), ...cycle('lost') }];
    });
  }

  async dealSize(filters: ReportFilters, by: ReportGrouping, actor: Actor): Promise<Report> {
    const { dimensions, scope } = await this.scoped(filters, actor);
    const groups = await this.grouped(CLOSED_DEALS_CUBE, dimensions, { ...scope, where: { ...scope.where, status: ['won'] } }, by, ['currency'], ['amount', 'size:']);
    return this.rows('deal-size', by, filters, dimensions, groups, (group) =>
      byCurrency(group.rows).map(([currency, total]) => ({
        currency,
        wonCount: total.n,
        meanAmountMinor: Math.round((total.s.amount ?? 0) / total.n),
        medianAmountMinor: sketchQuantile(total.s, 'size', 0.5),
      })),
    );
  }

  async lostReasons(filters: ReportFilters, by: 'reason' | 'competitor', actor: Actor): Promise<Report> {
    const { scope } = await this.scoped(filters, actor);
    const cells = await queryCube(this.readStore, CLOSED_DEALS_CUBE, { ...scope, where: { ...scope.where, status: ['lost'] }, groupBy: ['currency'], sums: [`${by}:`, `${by}Amount:`] });
    const rows: ReportRow[] = [];
    for (const cell of cells) {
      const counts = measureValues(cell.s, by);
      const amounts = measureValues(cell.s, `${by}Amount`);
      for (const [value, lostCount] of counts) {
        rows.push({ key: value, label: value === '' ? '(not recorded)' : value, currency: cell.key.currency ?? null, lostCount, lostAmountMinor: amounts.get(value) ?? 0 });
      }
    }
    rows.sort((a, b) => (b.lostCount as number) - (a.lostCount as number) || String(a.key).localeCompare(String(b.key)));
    return { report: 'lost-reasons', by, filters, rows };
  }

  async funnel(filters: ReportFilters, actor: Actor): Promise<Report> {
    const { scope } = await this.scoped(filters, actor);
    const total = addUp(await queryCube(this.readStore, FUNNEL_CUBE, { ...scope, groupBy: [], sums: ['reached:', 'stay:'] }));
    const reached = measureValues(total.s, 'reached');
    const stays = new Map<string, [number, number][]>();
    for (const [key, count] of measureValues(total.s, 'stay')) {
      const [stage, days] = key.split('/');
      const pairs = stays.get(stage) ?? [];
      if (pairs.length === 0) stays.set(stage, pairs);
      pairs.push([Number(days), count]);
    }
    const steps = [...STAGES, 'won'];
    const rows: ReportRow[] = steps.map((stage, index) => {
      const here = reached.get(stage) ?? 0;
      const next = steps[index + 1];
      return {
        key: stage,
        label: stage === 'won' ? 'Won' : capitalized(stage.replace('-', ' ')),
        reached: here,
        conversionToNext: next === undefined ? null : ratio(reached.get(next) ?? 0, here),
        medianDaysInStage: stage === 'won' ? null : quantileOf(stays.get(stage) ?? [], 0.5),
      };
    });
    return { report: 'funnel', filters, rows };
  }

  /** Without a grouping, one row for all the quotes in scope. */
  async quotes(filters: ReportFilters, by: ReportGrouping | undefined, actor: Actor): Promise<Report> {
    const { dimensions, scope } = await this.scoped(filters, actor);
    const measures = (rows: readonly CubeRow[]) => {
      const t = addUp(rows);
      const bands = measureValues(t.s, 'discount');
      return [
        {
          quotes: t.n,
          submitted: t.s.submitted ?? 0,
          neededManager: t.s.neededManager ?? 0,
          approved: t.s.approved ?? 0,
          rejected: t.s.rejected ?? 0,
          sent: t.s.sent ?? 0,
          accepted: t.s.accepted ?? 0,
          ordered: t.s.ordered ?? 0,
          quoteToOrder: ratio(t.s.ordered ?? 0, t.s.sent ?? 0),
          medianDecisionMinutes: sketchQuantile(t.s, 'decision', 0.5),
          p90DecisionMinutes: sketchQuantile(t.s, 'decision', 0.9),
          meanDiscountBp: t.n === 0 ? null : Math.round((t.s.discountBp ?? 0) / t.n),
          ...Object.fromEntries(DISCOUNT_BANDS.map((band, index) => [band, bands.get(String(index)) ?? 0])),
        },
      ];
    };
    if (by === undefined) {
      const rows = measures(await queryCube(this.readStore, QUOTES_CUBE, { ...scope, groupBy: [] }));
      return { report: 'quotes', filters, rows: rows.map((values) => ({ key: 'all', label: 'All quotes', ...values })) };
    }
    return this.rows('quotes', by, filters, dimensions, await this.grouped(QUOTES_CUBE, dimensions, scope, by, []), (group) => measures(group.rows));
  }

  /**
   * Per agent and per team (a manager and everyone below them), for one month or quarter: the
   * target (a team without one of its own adds up its agents'), revenue won, attainment, and the
   * open pipeline expected to close in the period, weighted, and its coverage of what is left.
   */
  async attainment(period: string, filters: ReportFilters, actor: Actor): Promise<Report> {
    const [from, to] = periodBounds(period);
    const { dimensions, scope } = await this.scoped({ ...filters, from, to }, actor);
    const owners = scope.where.ownerId;
    const [won, open, targets] = await Promise.all([
      queryCube(this.readStore, CLOSED_DEALS_CUBE, { ...scope, where: { ...scope.where, status: ['won'] }, groupBy: ['ownerId', 'currency'], sums: ['amount'] }),
      queryCube(this.readStore, PIPELINE_CUBE, { from, to, where: { ...(owners ? { ownerId: owners } : {}), ...(scope.where.currency ? { currency: scope.where.currency } : {}) }, groupBy: ['ownerId', 'currency'], sums: ['total', 'weightedTimes100'] }),
      this.readStore.find<TargetView>(TARGET_VIEWS, { period }),
    ]);
    const visible = (id: string): boolean => owners === undefined || owners.includes(id);
    const currencies = [...new Set([...won, ...open].map((row) => row.key.currency).filter((c): c is string => c !== null).concat(targets.map((t) => t.currency)))].sort();
    const sum = (rows: CubeRow[], ids: readonly string[], currency: string, measure: string): number =>
      rows.filter((row) => ids.includes(row.key.ownerId as string) && row.key.currency === currency).reduce((total, row) => total + (row.s[measure] ?? 0), 0);
    const targetOf = (scopeName: 'agent' | 'team', id: string, currency: string): number | null =>
      targets.find((t) => t.scope === scopeName && t.subjectId === id && t.currency === currency)?.amountMinor ?? null;

    const agents = [...new Set([...won, ...open].map((row) => row.key.ownerId as string).concat(targets.filter((t) => t.scope === 'agent').map((t) => t.subjectId)))].filter(visible);
    const managers = dimensions.managers().filter((id) => visible(id) && dimensions.teamOf(id).length > 1);
    const rows: ReportRow[] = [];
    const line = (kind: 'agent' | 'team', id: string, ids: readonly string[], currency: string, target: number | null, targetFrom: string | null) => {
      const wonMinor = sum(won, ids, currency, 'amount');
      const openMinor = sum(open, ids, currency, 'total');
      const openWeightedMinor = weightedAmount(sum(open, ids, currency, 'weightedTimes100'));
      if (target === null && wonMinor === 0 && openMinor === 0) return;
      rows.push({
        key: id,
        label: '',
        kind,
        currency,
        targetMinor: target,
        targetFrom,
        wonMinor,
        attainment: target === null ? null : ratio(wonMinor, target),
        openPipelineMinor: openMinor,
        openWeightedMinor,
        coverage: target === null || target <= wonMinor ? null : ratio(openWeightedMinor, target - wonMinor),
      });
    };
    for (const currency of currencies) {
      for (const agent of agents) line('agent', agent, [agent], currency, targetOf('agent', agent, currency), targetOf('agent', agent, currency) === null ? null : 'agent');
      for (const manager of managers) {
        const team = dimensions.teamOf(manager);
        const own = targetOf('team', manager, currency);
        const fromAgents = team.map((id) => targetOf('agent', id, currency)).filter((t): t is number => t !== null);
        const target = own ?? (fromAgents.length > 0 ? fromAgents.reduce((a, b) => a + b, 0) : null);
        line('team', manager, team, currency, target, own !== null ? 'team' : target === null ? null : 'agents');
      }
    }
    const labels = await dimensions.labels('agent', rows.map((row) => row.key));
    const labelled: ReportRow[] = rows.map((row) => ({ ...row, label: row.kind === 'team' ? `${labels.get(row.key)}'s team` : (labels.get(row.key) ?? String(row.key)) }));
    labelled.sort((a, b) => String(a.kind).localeCompare(String(b.kind)) || a.label.localeCompare(b.label) || String(a.currency).localeCompare(String(b.currency)));
    return { report: 'attainment', by: period, filters: { ...filters, from, to }, rows: labelled };
  }

  /**
   * Accounts clustered with k-means on recency, frequency and value of their won deals up to
   * `asOf` (by default the latest close date in the data), their size and their sector. The
   * clustering is kept for the same input, so asking again costs one read of the cells. Accounts
   * are shared by every sales role, so every role sees the same segments.
   */
  async segments(options: { k?: number; seed?: number; asOf?: string; currency?: string }): Promise<SegmentsReport> {
    const currency = options.currency?.toUpperCase() ?? 'USD';
    const closes = await queryCube(this.readStore, ACCOUNT_CLOSES_CUBE, { to: options.asOf, where: { currency: [currency] }, groupBy: ['accountId', 'status'], sums: ['amount', 'closedMonth:'] });
    const cells = closes.filter((row) => row.key.status === 'won');
    const latestDays = await this.latestCloseDays(closes, currency, options.asOf);
    const latest = options.asOf ?? [...latestDays.values()].reduce<string | null>((max, day) => (max === null || day > max ? day : max), null);
    const wonBy = new Map(cells.map((row) => [row.key.accountId, row]));
    const features: AccountFeatures[] = [];
    await this.readStore.visit(ACCOUNT_VIEWS, { status: 'active' }, (document) => {
      const account = document as AccountView;
      if (account._id === UNKNOWN_ACCOUNT_ID) return;
      const cell = wonBy.get(account._id);
      const last = latestDays.get(`won/${account._id}`) ?? null;
      features.push({
        accountId: account._id,
        name: account.name,
        sector: account.sector,
        employees: account.employees,
        annualRevenueMinor: account.annualRevenue?.amountMinor ?? null,
        wonCount: cell?.n ?? 0,
        wonAmountMinor: cell?.s.amount ?? 0,
        recencyDays: last === null || latest === null ? null : daysBetween(last, latest),
      });
    });
    features.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
    const memo = JSON.stringify([features, options.k, options.seed]);
    let segmentation = this.segmentations.get(memo);
    if (!segmentation) {
      try {
        segmentation = segmentAccounts(features, { k: options.k, seed: options.seed ?? 1 });
      } catch (error) {
        if (error instanceof RangeError) throw new SegmentationNotPossibleError(error.message);
        throw error;
      }
      if (this.segmentations.size > 20) this.segmentations.clear();
      this.segmentations.set(memo, segmentation);
    }
    const clusterOf = new Map(segmentation.segments.flatMap((segment) => segment.accounts.map((account) => [account.accountId, segment] as const)));
    const rows: ReportRow[] = features.map((account) => ({
      key: account.accountId,
      label: account.name,
      cluster: clusterOf.get(account.accountId)?.cluster ?? null,
      segment: clusterOf.get(account.accountId)?.label ?? null,
      recencyDays: account.recencyDays,
      wonCount: account.wonCount,
      wonAmountMinor: account.wonAmountMinor,
      employees: account.employees,
      annualRevenueMinor: account.annualRevenueMinor,
      sector: account.sector,
    }));
    return { report: 'segments', filters: { currency }, rows, segmentation, asOf: latest ?? '', currency };
  }

  /**
   * Each account's latest close day up to `asOf`, per outcome (`won/<accountId>`): its latest
   * month from the totals, then that month's cell, read by id, for the day.
   */
  private async latestCloseDays(rows: readonly CubeRow[], currency: string, asOf: string | undefined): Promise<Map<string, string>> {
    const [cuboid] = cuboidsOf(ACCOUNT_CLOSES_CUBE);
    const wanted = new Map<string, string>();
    for (const row of rows) {
      const months = [...measureValues(row.s, 'closedMonth').keys()].sort();
      const month = months.at(-1);
      if (month !== undefined) wanted.set(cellId(`M${month}`, cuboid.dims.map((dim) => (dim === 'currency' ? currency : (row.key[dim] ?? null)))), `${row.key.status}/${row.key.accountId}`);
    }
    const days = new Map<string, string>();
    await this.readStore.visit(cuboid.collection, { _id: { $in: [...wanted.keys()] } }, (cell) => {
      const inTime = [...measureValues((cell as CubeCell).s, 'closedOn').keys()].filter((day) => asOf === undefined || day <= asOf).sort();
      if (inTime.length > 0) days.set(wanted.get(cell._id)!, inTime.at(-1)!);
    });
    return days;
  }

  private async scoped(filters: ReportFilters, actor: Actor): Promise<{ dimensions: ReportDimensions; scope: ReportScope }> {
    const dimensions = await ReportDimensions.load(this.readStore);
    return { dimensions, scope: dimensions.scope(filters, actor) };
  }

  /** Cube rows grouped by a report grouping's key (owners mapped to managers or regions, products to series). */
  private async grouped(
    cube: CubeDefinition,
    dimensions: ReportDimensions,
    scope: ReportScope,
    by: ReportGrouping,
    extra: readonly string[],
    sums?: readonly string[],
  ): Promise<Grouped[]> {
    const dimension = CUBE_GROUP[by];
    const cells = await queryCube(this.readStore, cube, { ...scope, groupBy: [dimension, ...extra], sums });
    const groups = new Map<string | null, CubeRow[]>();
    for (const cell of cells) {
      const key = isTime(by) ? cell.key[dimension] : dimensions.keyFor(by, cell.key[dimension]);
      groups.set(key, [...(groups.get(key) ?? []), cell]);
    }
    return [...groups].map(([key, rows]) => ({ key, rows }));
  }

  private async rows(
    report: string,
    by: ReportGrouping,
    filters: ReportFilters,
    dimensions: ReportDimensions,
    groups: readonly Grouped[],
    measures: (group: Grouped) => Record<string, string | number | null>[],
  ): Promise<Report> {
    const labels = await dimensions.labels(by, groups.map((group) => group.key));
    const rows: ReportRow[] = groups.flatMap((group) => measures(group).map((values) => ({ key: group.key, label: labels.get(group.key) ?? String(group.key), ...values })));
    const time = by === 'month' || by === 'quarter';
    rows.sort((a, b) => (time ? String(a.key).localeCompare(String(b.key)) : a.label.localeCompare(b.label)) || String(a.currency ?? '').localeCompare(String(b.currency ?? '')));
    return { report, by, filters, rows };
  }
}

export class SegmentationNotPossibleError extends DomainError {
  constructor(why: string) {
    super('segmentation-not-possible', 'rule-violated', `The accounts cannot be segmented so: ${why}.`);
  }
}

const DISCOUNT_BANDS = ['discountNone', 'discountUpTo5', 'discount5To10', 'discount10To15', 'discount15To20', 'discountAbove20'];

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Totals per currency, in currency order; rows without a currency (deals without an amount) are left out. */
function byCurrency(rows: readonly CubeRow[]): [string, CubeRow][] {
  const currencies = [...new Set(rows.map((row) => row.key.currency).filter((c): c is string => c !== null && c !== undefined))].sort();
  return currencies.map((currency) => [currency, addUp(rows.filter((row) => row.key.currency === currency))]);
}

const count = (rows: readonly CubeRow[], status: string): number => rows.filter((row) => row.key.status === status).reduce((n, row) => n + row.n, 0);

/** The first and last day of a month (`2017-08`) or a quarter (`2017-Q3`). */
export function periodBounds(period: string): [string, string] {
  const year = Number(period.slice(0, 4));
  const quarter = /Q([1-4])$/.exec(period);
  const firstMonth = quarter ? (Number(quarter[1]) - 1) * 3 + 1 : Number(period.slice(5, 7));
  const lastMonth = quarter ? firstMonth + 2 : firstMonth;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return [`${year}-${pad(firstMonth)}-01`, `${year}-${pad(lastMonth)}-${pad(lastDay)}`];
}
