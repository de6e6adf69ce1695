import { type Decider, exhaustive, ROLES } from '@ledger/event-sourcing/kernel';
import type {
  AddTeamMember,
  AssignTeamManager,
  ChangeTeamMemberRole,
  DeactivateTeamMember,
  MoveTeamMemberToOffice,
  ReactivateTeamMember,
  RenameTeamMember,
  RevokeTeamMemberTokens,
  TeamMemberCommand,
} from './team-member.commands';
import {
  TeamMemberAlreadyExistsError,
  TeamMemberInactiveError,
  TeamMemberInvalidRoleError,
  TeamMemberNameRequiredError,
  TeamMemberNotFoundError,
  TeamMemberOwnManagerError,
  TeamMemberReasonRequiredError,
} from './team-member.errors';
import type { TeamMemberEvent } from './team-member.events';
import { type ExistingTeamMemberState, evolve, initialState, type TeamMemberState } from './team-member.state';

const isBlank = (text: string): boolean => text.trim() === '';

/** Roles arrive from JSON and CSV, so the type alone does not guarantee one of ROLES. */
const checkRole = (role: string): void => {
  if (!(ROLES as readonly string[]).includes(role)) throw new TeamMemberInvalidRoleError(role);
};

const requireExisting = (command: TeamMemberCommand, state: TeamMemberState): ExistingTeamMemberState => {
  if (state.status === 'initial') throw new TeamMemberNotFoundError(command.userId);
  return state;
};

const requireActive = (command: TeamMemberCommand, state: TeamMemberState): ExistingTeamMemberState => {
  const current = requireExisting(command, state);
  if (current.status === 'inactive') throw new TeamMemberInactiveError(current.userId);
  return current;
};

const add = (command: AddTeamMember, state: TeamMemberState): TeamMemberEvent[] => {
  if (state.status !== 'initial') throw new TeamMemberAlreadyExistsError(command.userId);
  if (isBlank(command.name)) throw new TeamMemberNameRequiredError();
  checkRole(command.role);
  if (command.managerId === command.userId) throw new TeamMemberOwnManagerError(command.userId);
  return [
    {
      type: 'TeamMemberAdded',
      data: {
        userId: command.userId,
        name: command.name,
        role: command.role,
        managerId: command.managerId,
        regionalOffice: command.regionalOffice,
        addedAt: command.at,
        addedBy: command.by,
      },
    },
  ];
};

/** Also an inactive member's: the name their history shows is corrected. */
const rename = (command: RenameTeamMember, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireExisting(command, state);
  if (isBlank(command.name)) throw new TeamMemberNameRequiredError();
  if (command.name === current.name) return [];
  return [{ type: 'TeamMemberRenamed', data: { userId: current.userId, previousName: current.name, name: command.name, renamedAt: command.at } }];
};

const changeRole = (command: ChangeTeamMemberRole, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireActive(command, state);
  checkRole(command.role);
  if (command.role === current.role) return [];
  return [
    {
      type: 'TeamMemberRoleChanged',
      data: { userId: current.userId, previousRole: current.role, role: command.role },
    },
  ];
};

const assignManager = (command: AssignTeamManager, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireActive(command, state);
  if (command.managerId === current.userId) throw new TeamMemberOwnManagerError(current.userId);
  if (command.managerId === current.managerId) return [];
  return [
    {
      type: 'TeamMemberManagerChanged',
      data: { userId: current.userId, previousManagerId: current.managerId, managerId: command.managerId },
    },
  ];
};

const moveToOffice = (command: MoveTeamMemberToOffice, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireActive(command, state);
  if (command.regionalOffice === current.regionalOffice) return [];
  return [
    {
      type: 'TeamMemberOfficeChanged',
      data: { userId: current.userId, previousOffice: current.regionalOffice, regionalOffice: command.regionalOffice },
    },
  ];
};

const deactivate = (command: DeactivateTeamMember, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireActive(command, state);
  if (isBlank(command.reason)) throw new TeamMemberReasonRequiredError();
  return [
    {
      type: 'TeamMemberDeactivated',
      data: { userId: current.userId, reason: command.reason, deactivatedAt: command.at },
    },
  ];
};

const reactivate = (command: ReactivateTeamMember, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireExisting(command, state);
  if (current.status === 'active') return [];
  return [{ type: 'TeamMemberReactivated', data: { userId: current.userId, reactivatedAt: command.at } }];
};

/** Also an inactive member's (their tokens are refused anyway, but stay refused after a reactivation); every revocation moves the cut-off. */
const revokeTokens = (command: RevokeTeamMemberTokens, state: TeamMemberState): TeamMemberEvent[] => {
  const current = requireExisting(command, state);
  return [{ type: 'TeamMemberTokensRevoked', data: { userId: current.userId, revokedAt: command.at, revokedBy: command.by } }];
};

export const decide = (command: TeamMemberCommand, state: TeamMemberState): TeamMemberEvent[] => {
  switch (command.type) {
    case 'AddTeamMember':
      return add(command, state);
    case 'RenameTeamMember':
      return rename(command, state);
    case 'ChangeTeamMemberRole':
      return changeRole(command, state);
    case 'AssignTeamManager':
      return assignManager(command, state);
    case 'MoveTeamMemberToOffice':
      return moveToOffice(command, state);
    case 'DeactivateTeamMember':
      return deactivate(command, state);
    case 'ReactivateTeamMember':
      return reactivate(command, state);
    case 'RevokeTeamMemberTokens':
      return revokeTokens(command, state);
    default:
      return exhaustive(command);
  }
};

export const teamMemberDecider: Decider<TeamMemberCommand, TeamMemberState, TeamMemberEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
