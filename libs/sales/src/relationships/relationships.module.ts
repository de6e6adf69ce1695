import { Module } from '@nestjs/common';
import { AccountOverviewController } from './api/account-overview.controller';
import { OpportunityTimelineController } from './api/opportunity-timeline.controller';
import { TeamOverviewController } from './api/team-overview.controller';
import { GetAccountOverviewHandler } from './account-overview/get-account-overview.handler';
import { GetTeamOverviewHandler } from './team-overview/get-team-overview.handler';
import { GetTimelineHandler } from './timeline/get-timeline/get-timeline.handler';

/** Reads that join the pipeline with the people and companies around it: account overviews, timelines, the team. */
@Module({
  controllers: [AccountOverviewController, OpportunityTimelineController, TeamOverviewController],
  providers: [GetAccountOverviewHandler, GetTimelineHandler, GetTeamOverviewHandler],
})
export class RelationshipsModule {}
