import { type Event, eventCodec, type Role } from '@ledger/event-sourcing/kernel';

/** A user joins the sales team directory, active, with a role and, optionally, a manager and an office. */
export type TeamMemberAdded = Event<
  'TeamMemberAdded',
  {
    readonly userId: string;
    readonly name: string;
    readonly role: Role;
    readonly managerId: string | null;
    readonly regionalOffice: string | null;
    readonly addedAt: string;
    readonly addedBy: string;
  }
>;

/** The display name changed; the user id stays what it was. */
export type TeamMemberRenamed = Event<
  'TeamMemberRenamed',
  { readonly userId: string; readonly previousName: string; readonly name: string; readonly renamedAt: string }
>;

export type TeamMemberRoleChanged = Event<
  'TeamMemberRoleChanged',
  { readonly userId: string; readonly previousRole: Role; readonly role: Role }
>;

export type TeamMemberManagerChanged = Event<
  'TeamMemberManagerChanged',
  { readonly userId: string; readonly previousManagerId: string | null; readonly managerId: string | null }
>;

export type TeamMemberOfficeChanged = Event<
  'TeamMemberOfficeChanged',
  { readonly userId: string; readonly previousOffice: string | null; readonly regionalOffice: string | null }
>;

/** The member leaves the active team: no more role, manager or office changes until reactivated. */
export type TeamMemberDeactivated = Event<
  'TeamMemberDeactivated',
  { readonly userId: string; readonly reason: string; readonly deactivatedAt: string }
>;

/** The member is active again, with the role, manager and office they had. */
export type TeamMemberReactivated = Event<
  'TeamMemberReactivated',
  { readonly userId: string; readonly reactivatedAt: string }
>;

/** Tokens issued to the member at or before `revokedAt` (to the second: a token's `iat` counts whole seconds) are refused. */
export type TeamMemberTokensRevoked = Event<
  'TeamMemberTokensRevoked',
  { readonly userId: string; readonly revokedAt: string; readonly revokedBy: string }
>;

export type TeamMemberEvent =
  | TeamMemberAdded
  | TeamMemberRenamed
  | TeamMemberRoleChanged
  | TeamMemberManagerChanged
  | TeamMemberOfficeChanged
  | TeamMemberDeactivated
  | TeamMemberReactivated
  | TeamMemberTokensRevoked;

export type TeamMemberEventType = TeamMemberEvent['type'];

/** Every team member event type with its current schema version. */
export const teamMemberEvents = eventCodec<TeamMemberEvent>({
  TeamMemberAdded: 1,
  TeamMemberRenamed: 1,
  TeamMemberRoleChanged: 1,
  TeamMemberManagerChanged: 1,
  TeamMemberOfficeChanged: 1,
  TeamMemberDeactivated: 1,
  TeamMemberReactivated: 1,
  TeamMemberTokensRevoked: 1,
});
