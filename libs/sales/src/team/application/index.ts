import { AddTeamMemberHandler } from './add-team-member/add-team-member.handler';
import { ChangeTeamMemberRoleHandler } from './change-team-member-role/change-team-member-role.handler';
import { AssignTeamManagerHandler } from './assign-team-manager/assign-team-manager.handler';
import { MoveTeamMemberToOfficeHandler } from './move-team-member-to-office/move-team-member-to-office.handler';
import { DeactivateTeamMemberHandler } from './deactivate-team-member/deactivate-team-member.handler';
import { ReactivateTeamMemberHandler } from './reactivate-team-member/reactivate-team-member.handler';

export * from './team-streams';
export * from './team-manager-check';
export * from './seed-team/seed-team';
export * from './seed-team/seed-team-on-start';
export * from './add-team-member/add-team-member.command';
export * from './change-team-member-role/change-team-member-role.command';
export * from './assign-team-manager/assign-team-manager.command';
export * from './move-team-member-to-office/move-team-member-to-office.command';
export * from './deactivate-team-member/deactivate-team-member.command';
export * from './reactivate-team-member/reactivate-team-member.command';

export const teamCommandHandlers = [
  AddTeamMemberHandler,
  ChangeTeamMemberRoleHandler,
  AssignTeamManagerHandler,
  MoveTeamMemberToOfficeHandler,
  DeactivateTeamMemberHandler,
  ReactivateTeamMemberHandler,
];
