import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { assignmentRotorDecider, assignmentRotorEvents, type TeamMemberCommand, teamMemberDecider, teamMemberEvents } from '../domain';

/** A member's stream is named by their user id (`member-anna-snelling`): the id a token's `sub` carries. */
const members = aggregateStreams('member', teamMemberDecider, teamMemberEvents);

export const TEAM_MEMBER_CATEGORY = members.category;
export const teamMemberStream = members.stream;
export const loadTeamMember = members.load;
export const decideTeamMember = members.handle;

/** load → decide → append for any team member command. */
export const handleTeamMember = (store: EventStore, command: WithoutTimeAndActor<TeamMemberCommand>, context: CommandContext): Promise<CommandResult> =>
  members.handle(store, command.userId, command, context);

/**
 * One rotor per assignment pool (`rotor-team:dustin-brinkmann`, `rotor-region:Central`, `rotor-all`).
 * Its state is its last pick, so only the last event is read: a pick costs the same on the
 * millionth assignment as on the first.
 */
const rotors = aggregateStreams('rotor', assignmentRotorDecider, assignmentRotorEvents);
/** Several API processes may pick in one pool at once; a conflict only means "read the last pick again". */
const ROTOR_ATTEMPTS = 16;

export const rotorStream = rotors.stream;
export const handleRotor: typeof rotors.handle = (store, id, command, context, options) =>
  rotors.handle(store, id, command, context, { maxAttempts: ROTOR_ATTEMPTS, ...options, stateFromLastEvent: true });
