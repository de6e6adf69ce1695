import { exhaustive, type Role } from '@ledger/event-sourcing/kernel';
import type { TeamMemberEvent } from './team-member.events';

/** What every member of the directory knows about themselves, whatever their status. */
export type TeamMemberFacts = {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly managerId: string | null;
  readonly regionalOffice: string | null;
  readonly addedAt: string;
};

export type TeamMemberStatus = 'active' | 'inactive';

export type InitialTeamMemberState = { readonly status: 'initial' };
/** `tokensRevokedAt`: tokens issued at or before this instant no longer speak for the member. */
export type ExistingTeamMemberState = { readonly status: TeamMemberStatus; readonly tokensRevokedAt: string | null } & TeamMemberFacts;

export type TeamMemberState = InitialTeamMemberState | ExistingTeamMemberState;

export const initialState = (): TeamMemberState => ({ status: 'initial' });

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces) leaves the state as it is instead of breaking every later load.
 */
export const evolve = (state: TeamMemberState, event: TeamMemberEvent): TeamMemberState => {
  if (event.type === 'TeamMemberAdded') {
    const e = event.data;
    return {
      status: 'active',
      userId: e.userId,
      name: e.name,
      role: e.role,
      managerId: e.managerId,
      regionalOffice: e.regionalOffice,
      addedAt: e.addedAt,
      tokensRevokedAt: null,
    };
  }
  if (state.status === 'initial') return state;

  switch (event.type) {
    case 'TeamMemberRenamed':
      return { ...state, name: event.data.name };
    case 'TeamMemberRoleChanged':
      return { ...state, role: event.data.role };
    case 'TeamMemberManagerChanged':
      return { ...state, managerId: event.data.managerId };
    case 'TeamMemberOfficeChanged':
      return { ...state, regionalOffice: event.data.regionalOffice };
    case 'TeamMemberDeactivated':
      return { ...state, status: 'inactive' };
    case 'TeamMemberReactivated':
      return { ...state, status: 'active' };
    case 'TeamMemberTokensRevoked':
      return { ...state, tokensRevokedAt: event.data.revokedAt };
    default:
      return exhaustive(event);
  }
};
