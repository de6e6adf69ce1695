import { aggregateStreams } from '@ledger/event-sourcing';
import { assignmentRotorDecider, teamMemberDecider } from '../domain';

/** A member's stream is named by their user id (`member-anna-snelling`): the id a token's `sub` carries. */
const members = aggregateStreams('member', teamMemberDecider);

export const TEAM_MEMBER_CATEGORY = members.category;
export const teamMemberStream = members.stream;
export const loadTeamMember = members.load;
export const decideTeamMember = members.decide;

/** One rotor per assignment pool (`rotor-team:dustin-brinkmann`, `rotor-region:Central`, `rotor-all`). */
const rotors = aggregateStreams('rotor', assignmentRotorDecider);

export const rotorStream = rotors.stream;
export const decideRotor = rotors.decide;
