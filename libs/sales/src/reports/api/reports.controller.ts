import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, isCalendarDate } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, DocumentsProblem, ProblemException, sendCsv, wantsCsv } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import { opportunityViewProjection } from '../../opportunity';
import { targetViewProjection } from '../../target';
import type { ReportFilters } from '../read-models/report-scope';
import { periodBounds, type Report, SalesReports, type SegmentsReport } from '../read-models/sales-reports';
import { salesFactsProjection } from '../read-models/sales-facts/sales-facts.projection';
import { AttainmentRequest, GroupedReportRequest, LostReasonsRequest, QuotesReportRequest, ReportRequest, SegmentsRequest } from './reports.request.dto';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ReportAnswers = { Report: Report; SegmentsReport: SegmentsReport };
const Answers = answerDecoratorFor<ReportAnswers>();

const FACTS = salesFactsProjection.name;

/** The first (or last) day of a day, month, quarter or year as the request names it. */
function businessDay(period: string, end: boolean, name: string): string {
  const [first, last] =
    /^\d{4}$/.test(period) ? [`${period}-01-01`, `${period}-12-31`] : /^\d{4}-(Q[1-4]|\d{2})$/.test(period) ? periodBounds(period) : [period, period];
  if (!isCalendarDate(first)) throw new ProblemException(400, 'invalid-period', `${name} ${period} is not a day of the calendar`);
  return end ? last : first;
}

function filtersOf(request: ReportRequest): ReportFilters {
  const from = request.from === undefined ? undefined : businessDay(request.from, false, 'from');
  const to = request.to === undefined ? undefined : businessDay(request.to, true, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new ProblemException(400, 'invalid-period', `from (${from}) is after to (${to})`);
  const { agent, manager, region, product, sector, currency } = request;
  return Object.fromEntries(Object.entries({ from, to, agent, manager, region, product, sector, currency }).filter(([, value]) => value !== undefined));
}

const currentQuarter = (now: Date): string => `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

/**
 * Sales reports for analysts, admins and managers (their team's numbers) and reps (their own),
 * as JSON or, with `Accept: text/csv` or `?format=csv`, as a CSV stream of the rows.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: SalesReports) {}

  @Get('revenue')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Revenue won (net of tax) by month, quarter, agent, manager, region, product, series, sector or account: wonCount and wonAmountMinor per currency' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async revenue(@Query() request: GroupedReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.revenue(filtersOf(request), request.by ?? 'month', actor), request.format, http, reply);
  }

  @Get('win-rate')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Won, lost and win rate (won / (won + lost)) by a grouping' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async winRate(@Query() request: GroupedReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.winRate(filtersOf(request), request.by ?? 'month', actor), request.format, http, reply);
  }

  @Get('sales-cycle')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Days from opening (engage date) to close, for won and for lost deals: count, mean, median, p90' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async salesCycle(@Query() request: GroupedReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.salesCycle(filtersOf(request), request.by ?? 'month', actor), request.format, http, reply);
  }

  @Get('deal-size')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Mean and median won deal per currency (the median within 1 %)' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async dealSize(@Query() request: GroupedReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.dealSize(filtersOf(request), request.by ?? 'month', actor), request.format, http, reply);
  }

  @Get('lost-reasons')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Lost deals per reason or competitor: count and amount per currency' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async lostReasons(@Query() request: LostReasonsRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.lostReasons(filtersOf(request), request.by ?? 'reason', actor), request.format, http, reply);
  }

  @Get('funnel')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Deals opened in the period: how many reached each stage, conversion to the next, median days in the stage' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async funnel(@Query() request: ReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.funnel(filtersOf(request), actor), request.format, http, reply);
  }

  @Get('quotes')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Quotes drafted in the period: submitted, needed a manager, approved, sent, accepted, ordered; quote-to-order conversion, decision time, discount bands' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async quotes(@Query() request: QuotesReportRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.reports.quotes(filtersOf(request), request.by, actor), request.format, http, reply);
  }

  @Get('attainment')
  @ReadsFrom(FACTS, opportunityViewProjection.name, targetViewProjection.name)
  @ApiOperation({ summary: 'Per agent and team for a month or quarter: target, won, attainment, open weighted pipeline and its coverage of what is left' })
  @Answers('Report', { csv: true })
  @DocumentsProblem(403, 'A manager named someone outside their team (outside-your-team)')
  async attainment(@Query() request: AttainmentRequest, @CurrentActor() actor: Actor, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { from: _from, to: _to, ...filters } = filtersOf(request);
    return this.answer(await this.reports.attainment(request.period ?? currentQuarter(new Date()), filters, actor), request.format, http, reply);
  }

  @Get('segments')
  @ReadsFrom(FACTS)
  @ApiOperation({ summary: 'Accounts clustered with k-means (ml-kmeans) on recency, frequency and value of won deals, size and sector' })
  @Answers('SegmentsReport', { csv: true })
  @DocumentsProblem(422, 'Too few accounts with won deals to make that many segments (segmentation-not-possible)')
  async segments(@Query() request: SegmentsRequest, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.segments({ k: request.k, seed: request.seed, asOf: request.asOf, currency: request.currency });
    return this.answer(report, request.format, http, reply);
  }

  private answer<R extends Report>(report: R, format: 'json' | 'csv' | undefined, request: FastifyRequest, reply: FastifyReply): R | ReturnType<typeof sendCsv> {
    if (!wantsCsv(request, format)) return report;
    return sendCsv(reply, `${report.report}${report.by ? `-by-${report.by}` : ''}.csv`, report.rows);
  }
}
