import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, calendarDate } from '@ledger/event-sourcing';
import { answerDecoratorFor, Clock, CurrentActor, DocumentsProblem, ProblemException, SendsETag } from '@ledger/platform';
import { type Page, ReadsFrom, ReadStore } from '@ledger/read-store';
import { opportunityViewProjection } from '../../opportunity';
import { taskViewProjection } from '../../task';
import { pipelineOwners, TEAM_MEMBER_CATEGORY, teamMemberViewProjection } from '../../team';
import { GetTeamOverviewQuery } from '../team-overview/get-team-overview.query';
import type { TeamMemberOverview } from '../team-overview/team-member-overview';
import { TeamRequest } from './relationships.request.dto';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type TeamOverviewAnswers = { TeamMembers: Page<TeamMemberOverview>; TeamMember: TeamMemberOverview };
const Answers = answerDecoratorFor<TeamOverviewAnswers>();

const SOURCES = [teamMemberViewProjection.name, opportunityViewProjection.name, taskViewProjection.name];

@ApiTags('team')
@ApiBearerAuth()
@Controller('team')
export class TeamOverviewController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ReadsFrom(...SOURCES)
  @ApiOperation({ summary: "The sales team by name, a page at a time, with each member's open pipeline and overdue tasks (a manager with a team sees the team)" })
  @Answers('TeamMembers')
  async list(@Query() request: TeamRequest, @CurrentActor() actor: Actor): Promise<Page<TeamMemberOverview>> {
    const userIds = await pipelineOwners(this.readStore, actor, undefined);
    return this.overview({ ...request, userIds, limit: request.limit ?? 50 });
  }

  @Get('me')
  @SendsETag({ category: TEAM_MEMBER_CATEGORY, idField: 'userId' })
  @ReadsFrom(...SOURCES)
  @ApiOperation({ summary: "The caller's own entry: the token's user id resolved in the team directory" })
  @Answers('TeamMember')
  @DocumentsProblem(404, 'The token\'s user is not in the team directory (not-a-team-member)')
  me(@CurrentActor() actor: Actor): Promise<TeamMemberOverview> {
    return this.one(actor.userId, () => new ProblemException(404, 'not-a-team-member', `${actor.userId} is not in the team directory`));
  }

  @Get(':userId')
  @SendsETag({ category: TEAM_MEMBER_CATEGORY, idField: 'userId' })
  @ReadsFrom(...SOURCES)
  @ApiOperation({ summary: 'One member with their open pipeline and overdue tasks' })
  @Answers('TeamMember')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async get(@Param('userId') userId: string, @CurrentActor() actor: Actor): Promise<TeamMemberOverview> {
    await pipelineOwners(this.readStore, actor, userId);
    return this.one(userId, () => new ProblemException(404, 'team-member-not-found', `${userId} is not in the team directory`));
  }

  private async one(userId: string, notFound: () => ProblemException): Promise<TeamMemberOverview> {
    const {
      items: [member],
    } = await this.overview({ userIds: [userId], includeInactive: true, limit: 1 });
    if (!member) throw notFound();
    return member;
  }

  private overview(filter: TeamRequest & { userIds?: readonly string[]; limit: number }): Promise<Page<TeamMemberOverview>> {
    return this.queries.execute(
      new GetTeamOverviewQuery({
        userIds: filter.userIds,
        regionalOffice: filter.regionalOffice,
        managerId: filter.managerId,
        includeInactive: filter.includeInactive ?? false,
        today: calendarDate(this.clock.now().toISOString()),
        limit: filter.limit,
        cursor: filter.cursor,
      }),
    );
  }
}
