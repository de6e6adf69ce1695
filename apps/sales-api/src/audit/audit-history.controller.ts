import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AllEvent,
  categoryOf,
  type EventMetadata,
  EventStore,
  formatPosition,
  type HistoryQuery,
  HistoryQueryNotIndexedError,
  parsePosition,
} from '@ledger/event-sourcing';
import { answerDecoratorFor, csvField, DocumentsProblem, ProblemException, Roles, wantsCsv } from '@ledger/platform';
import { type FieldChange, RecordHistory, salesEvents } from '@ledger/sales';
import { HistoryRequest, StreamHistoryRequest } from './audit-history.request.dto';

const STREAM_NAME = /^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/;
const DEFAULT_LIMIT = 100;
const CSV_PAGE = 500;

export type HistoryEvent = {
  /** Where the event is in the whole log. */
  readonly position: string;
  readonly stream: string;
  /** The stream's category: opportunity, quote, order, account, … */
  readonly category: string;
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  /** Who (actor), as part of which flow (correlationId, causationId), by which command. */
  readonly metadata: EventMetadata;
  /** The event's data in the current shape of its type. */
  readonly data: unknown;
  /** What the event changed in its record, field by field (folded from the stream, not stored). */
  readonly changes: readonly FieldChange[];
};
export type HistoryPage = {
  readonly events: readonly HistoryEvent[];
  /** Pass as `cursor` for the next page; null when there is none. */
  readonly nextCursor: string | null;
};
export type AuditHistoryAnswers = { HistoryPage: HistoryPage };
const Answers = answerDecoratorFor<AuditHistoryAnswers>();

/**
 * The log's history for auditors: any filter of stream, category, type, actor, correlation id and
 * recorded time, keyset-paged by position, each event with what it changed in its record.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@Controller('audit')
export class AuditHistoryController {
  /** What each event changed, folded per page within a budget, with checkpoints kept across pages (see `RecordHistory`). */
  private readonly history: RecordHistory;

  constructor(private readonly store: EventStore) {
    this.history = new RecordHistory(store);
  }

  @Get('events')
  @ApiOperation({
    summary: 'The whole log, filtered (stream, category, type, actor, correlation id, recorded time) and paged by position, newest or oldest first; each event with its metadata and its changes (field, old → new); CSV of every page with Accept: text/csv or format=csv',
  })
  @Answers('HistoryPage', { csv: true })
  @DocumentsProblem(400, 'A filter the event store keeps no index for (history-query-not-indexed: on EventStoreDB, an actor alone)')
  events(@Query() request: HistoryRequest, @Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(request, http, reply, 'audit-events.csv');
  }

  @Get('streams/:streamName')
  @ApiOperation({ summary: "One stream's history, with the same filters, paging, changes and CSV as GET /audit/events" })
  @Answers('HistoryPage', { csv: true })
  @DocumentsProblem(404, 'No stream of that name (stream-not-found)')
  async stream(
    @Param('streamName') streamName: string,
    @Query() request: StreamHistoryRequest,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!STREAM_NAME.test(streamName)) {
      throw new ProblemException(400, 'invalid-stream-name', 'A stream name is <category>-<id>, for example opportunity-<uuid>');
    }
    if ((await this.store.readStream(streamName, { maxCount: 1 })).length === 0) {
      throw new ProblemException(404, 'stream-not-found', `No events in ${streamName}`);
    }
    return this.answer({ ...request, stream: streamName }, http, reply, `audit-${streamName}.csv`);
  }

  private answer(request: HistoryRequest, http: FastifyRequest, reply: FastifyReply, filename: string): Promise<HistoryPage> | Readable {
    if (!wantsCsv(http, request.format)) return this.page(request, request.cursor, request.limit ?? DEFAULT_LIMIT);
    void reply.header('Content-Type', 'text/csv; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    return Readable.from(this.csvRows(request));
  }

  private async page(request: HistoryRequest, cursor: string | undefined, limit: number): Promise<HistoryPage> {
    const query: HistoryQuery = {
      stream: request.stream,
      category: request.category,
      type: request.type,
      actor: request.actor,
      correlationId: request.correlationId,
      from: request.from,
      to: request.to,
      order: request.order ?? 'newest',
      after: cursor === undefined ? undefined : (parsePosition(cursor) ?? undefined),
      maxCount: limit + 1,
    };
    let found: AllEvent[];
    try {
      found = await this.store.readHistory(query);
    } catch (error) {
      if (error instanceof HistoryQueryNotIndexedError) throw new ProblemException(400, 'history-query-not-indexed', error.message);
      throw error;
    }
    const { changes, kept } = await this.history.changesOf(found.slice(0, limit));
    const events = found.slice(0, kept).map((event, index) => historyEvent(event, changes[index]));
    const more = found.length > kept;
    return { events, nextCursor: more && events.length > 0 ? events[events.length - 1].position : null };
  }

  /** Every page of the query as CSV rows, read `limit` events at a time (500 by default) as the client takes them. */
  private async *csvRows(request: HistoryRequest): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for (let cursor: string | null | undefined = request.cursor; cursor !== null; ) {
      const page = await this.page(request, cursor, request.limit ?? CSV_PAGE);
      yield page.events.map((event) => `${csvRow(event).map(csvField).join(',')}\r\n`).join('');
      cursor = page.nextCursor;
    }
  }
}

const CSV_COLUMNS = ['position', 'recordedAt', 'stream', 'revision', 'type', 'actor', 'actorRole', 'correlationId', 'causationId', 'commandId', 'changes', 'data'];

const valueText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const csvRow = (event: HistoryEvent) => [
  event.position,
  event.recordedAt,
  event.stream,
  event.revision,
  event.type,
  event.metadata.actor?.userId,
  event.metadata.actor?.role,
  event.metadata.correlationId,
  event.metadata.causationId,
  event.metadata.commandId,
  event.changes.map((change) => `${change.field}: ${valueText(change.from)} → ${valueText(change.to)}`).join('; '),
  JSON.stringify(event.data),
];

const historyEvent = (event: AllEvent, changes: readonly FieldChange[]): HistoryEvent => ({
  position: formatPosition(event.position),
  stream: event.streamName,
  category: categoryOf(event.streamName),
  revision: event.revision,
  type: event.type,
  recordedAt: event.recordedAt,
  metadata: event.metadata,
  data: salesEvents.handles(event.type) ? salesEvents.decode(event).data : event.data,
  changes,
});
