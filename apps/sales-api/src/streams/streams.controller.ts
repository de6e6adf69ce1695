import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, EventStore, type EventMetadata, formatPosition } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, DocumentsProblem, ProblemException, Roles } from '@ledger/platform';
import { ReadsFrom, ReadStore } from '@ledger/read-store';
import { assertMayReadStream, salesEvents, STREAM_SCOPE_SOURCES } from '@ledger/sales';
import { ReadStreamQuery } from './read-stream.query.dto';

const STREAM_NAME = /^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/;
const DEFAULT_LIMIT = 100;

export type StreamEvent = {
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  /** The event's data in the current shape of its type. */
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly position: string | null;
};
export type StreamPage = {
  readonly streamName: string;
  readonly events: readonly StreamEvent[];
  /** Where the next page starts (fromRevision), or null at the end of the stream. */
  readonly nextRevision: number | null;
};
export type StreamAnswers = { StreamPage: StreamPage };
const Answers = answerDecoratorFor<StreamAnswers>();

@ApiTags('audit')
@ApiBearerAuth()
@Controller('streams')
export class StreamsController {
  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
  ) {}

  @Get(':streamName')
  @Roles('auditor', 'admin', 'manager')
  // The scope check reads whose the record is: minPosition waits for those views first, so a manager's read right after a write is not refused for a lagging view.
  @ReadsFrom(...STREAM_SCOPE_SOURCES)
  @ApiOperation({
    summary: "A stream's events with their metadata (actor, command, correlation), page by page; each in the current shape of its type (older schema versions upcast, `metadata.schemaVersion` as stored)",
  })
  @Answers('StreamPage')
  @DocumentsProblem(403, "A manager reading the stream of a record outside their team (outside-your-team)")
  async read(@Param('streamName') streamName: string, @Query() query: ReadStreamQuery, @CurrentActor() actor: Actor): Promise<StreamPage> {
    if (!STREAM_NAME.test(streamName)) {
      throw new ProblemException(400, 'invalid-stream-name', 'A stream name is <category>-<id>, for example opportunity-<uuid>');
    }
    const fromRevision = query.fromRevision ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const events = await this.store.readStream(streamName, { fromRevision, maxCount: limit + 1 });
    if (events.length === 0 && fromRevision === 0) {
      throw new ProblemException(404, 'stream-not-found', `No events in ${streamName}`);
    }
    await assertMayReadStream(this.readStore, actor, streamName);
    const page = events.slice(0, limit);
    return {
      streamName,
      events: page.map((event) => ({
        id: event.id,
        revision: event.revision,
        type: event.type,
        data: salesEvents.handles(event.type) ? salesEvents.decode(event).data : event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt,
        position: event.position ? formatPosition(event.position) : null,
      })),
      nextRevision: events.length > limit ? fromRevision + limit : null,
    };
  }
}
