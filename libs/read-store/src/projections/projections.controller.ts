import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, formatPosition } from '@ledger/event-sourcing';
import { answerDecoratorFor, Roles } from '@ledger/platform';
import { type ParkedEvent, ReadStore } from '../read-store.port';
import { ProjectionRuntime } from './projection-runtime';

/** Counting further than this would read a long tail of the log for a status page. */
const LAG_COUNT_LIMIT = 1_000;

export type ProjectionStatus = {
  readonly name: string;
  /** The log position of the last event it handled. */
  readonly checkpoint: string | null;
  readonly lagEvents: number;
  /** lagEvents stopped counting at its cap. */
  readonly lagEventsCapped: boolean;
  /** How long ago the oldest event it has not handled was recorded. */
  readonly lagMs: number;
  readonly parked: readonly (Omit<ParkedEvent, 'position'> & { readonly position: string })[];
};
export type ProjectionsStatus = { readonly head: string | null; readonly projections: readonly ProjectionStatus[] };
export type ProjectionAnswers = { Projections: ProjectionsStatus };
const Answers = answerDecoratorFor<ProjectionAnswers>();

@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly runtime: ProjectionRuntime,
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
  ) {}

  @Get()
  @Roles('admin', 'manager', 'auditor', 'analyst')
  @ApiOperation({ summary: "Each projection's and process manager's checkpoint, lag (events and ms) and parked events" })
  @Answers('Projections')
  async list(): Promise<ProjectionsStatus> {
    const head = await this.eventStore.lastPosition();
    const parked = await this.readStore.listParked();
    const projections = await Promise.all(
      this.runtime.consumers.map(async (name) => {
        const checkpoint = await this.runtime.checkpoint(name);
        const behind = await this.eventStore.readAll({ after: checkpoint ?? undefined, maxCount: LAG_COUNT_LIMIT });
        return {
          name,
          checkpoint: checkpoint ? formatPosition(checkpoint) : null,
          lagEvents: behind.length,
          lagEventsCapped: behind.length === LAG_COUNT_LIMIT,
          lagMs: behind.length > 0 ? Math.max(0, Date.now() - Date.parse(behind[0].recordedAt)) : 0,
          parked: parked
            .filter((event) => event.projection === name)
            .map((event) => ({ ...event, position: formatPosition(event.position) })),
        };
      }),
    );
    return { head: head ? formatPosition(head) : null, projections };
  }
}
