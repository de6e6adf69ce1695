import {
  aggregateCommandHandler,
  AggregateCommandMessage,
  aggregateStreams,
  CachedStreamStates,
  type CommandContext,
  type CommandResult,
  DomainError,
  EventStore,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { type TeamMemberCommand, teamMemberDecider, type TeamMemberEvent, teamMemberEvents, TeamMemberInactiveError, type TeamMemberState } from '../domain';

/** A member's stream is named by their user id (`member-anna-snelling`): the id a token's `sub` carries. */
const members = aggregateStreams('member', teamMemberDecider, teamMemberEvents);

export const TEAM_MEMBER_CATEGORY = members.category;
export const teamMemberStream = members.stream;
export const loadTeamMember = members.load;

const memberStates = new WeakMap<EventStore, CachedStreamStates<TeamMemberState, TeamMemberEvent>>();

/**
 * A member's current state, as their stream says it now: one folded state per member and store,
 * moved forward by the member's newer events (read on every call, so a change holds at once, in
 * every process). Asked on every request (the token's user) and by every command naming an owner.
 */
export function currentTeamMember(store: EventStore, userId: string): Promise<TeamMemberState> {
  let states = memberStates.get(store);
  if (states === undefined) {
    states = new CachedStreamStates(store, teamMemberDecider, teamMemberEvents);
    memberStates.set(store, states);
  }
  return states.current(teamMemberStream(userId));
}

export class TeamManagerNotFoundError extends DomainError {
  constructor(managerId: string) {
    super('team-manager-not-found', 'rule-violated', `${managerId} is not an active manager in the team directory.`);
  }
}

export class TeamManagerCycleError extends DomainError {
  constructor(userId: string, managerId: string) {
    super('team-manager-cycle', 'rule-violated', `${managerId} reports to ${userId}, directly or not; ${userId} cannot report to them.`);
  }
}

export class NotInTeamDirectoryError extends DomainError {
  constructor(userId: string, as: string) {
    super('not-in-team-directory', 'rule-violated', `${userId} is not in the sales team directory, so cannot be ${as}; add them to the team first (POST /team).`);
  }
}

/**
 * Owners and assignees are active members of the directory (`as` names the part: `the owner`,
 * `the assignee`). The member's own stream is read, not the team view, so a member added a moment
 * ago counts at once and one deactivated a moment ago no longer does.
 */
export async function requireActiveMember(store: EventStore, userId: string, as: string): Promise<void> {
  const member = await currentTeamMember(store, userId);
  if (member.status === 'initial') throw new NotInTeamDirectoryError(userId, as);
  if (member.status === 'inactive') throw new TeamMemberInactiveError(userId, as);
}

const MAX_DEPTH = 50;

/** A manager must be an active member with the manager role, and nobody may end up reporting to themselves. */
export async function checkManager(store: EventStore, userId: string, managerId: string | null): Promise<void> {
  if (managerId === null) return;
  const manager = await currentTeamMember(store, managerId);
  if (manager.status !== 'active' || manager.role !== 'manager') throw new TeamManagerNotFoundError(managerId);
  let above: string | null = manager.managerId;
  for (let depth = 0; above !== null && depth < MAX_DEPTH; depth += 1) {
    if (above === userId) throw new TeamManagerCycleError(userId, managerId);
    const next = await currentTeamMember(store, above);
    above = next.status === 'initial' ? null : next.managerId;
  }
}

/**
 * load → check the manager (adding a member, assigning a manager) → decide → append, for any team
 * member command. The manager is checked in `authorize`, after the command id is looked up: a retry
 * (or the seed on every start) is answered as the first time, even if that manager has left since;
 * adding a member who is already there is left to `decide` to refuse as such.
 */
export const handleTeamMember = (store: EventStore, command: WithoutTimeAndActor<TeamMemberCommand>, context: CommandContext): Promise<CommandResult> =>
  members.handle(store, command.userId, command, context, {
    authorize: async (state) => {
      if (command.type === 'AssignTeamManager') await checkManager(store, command.userId, command.managerId);
      if (command.type === 'AddTeamMember' && state.status === 'initial') await checkManager(store, command.userId, command.managerId);
    },
  });

/** Any team member command, carried on the bus. */
export class TeamMemberCommandMessage extends AggregateCommandMessage<TeamMemberCommand> {}

export const TeamMemberHandler = aggregateCommandHandler(TeamMemberCommandMessage, handleTeamMember);
