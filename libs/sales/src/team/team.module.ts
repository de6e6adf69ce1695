import { Module } from '@nestjs/common';
import { TeamController } from './api/team.controller';
import { TokenAuthority } from '@ledger/platform';
import { DirectoryTokenAuthority, SeedTeamOnStart, teamCommandHandlers } from './application';

@Module({
  controllers: [TeamController],
  // The guard (libs/platform/src/auth) asks the directory about every token.
  providers: [...teamCommandHandlers, SeedTeamOnStart, { provide: TokenAuthority, useClass: DirectoryTokenAuthority }],
})
export class TeamModule {}
