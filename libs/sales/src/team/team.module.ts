import { Module } from '@nestjs/common';
import { TeamController } from './api/team.controller';
import { SeedTeamOnStart, teamCommandHandlers } from './application';

@Module({
  controllers: [TeamController],
  providers: [...teamCommandHandlers, SeedTeamOnStart],
})
export class TeamModule {}
