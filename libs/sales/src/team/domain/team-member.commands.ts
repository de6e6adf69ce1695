import type { Role } from '@ledger/event-sourcing/kernel';

/**
 * Every command names its team member by user id (see `teamMemberIdFor`; the application derives the
 * stream `team-member-<userId>` from it) and says when (`at`, ISO-8601 instant) and by whom (`by`, user id).
 */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly userId: string;
  readonly at: string;
  readonly by: string;
};

/** Whether `managerId` names an existing member is checked by the application, not here. */
export type AddTeamMember = CommandBase<'AddTeamMember'> & {
  readonly name: string;
  readonly role: Role;
  readonly managerId: string | null;
  readonly regionalOffice: string | null;
};

/** A new display name; the user id (made from the first name) stays. */
export type RenameTeamMember = CommandBase<'RenameTeamMember'> & { readonly name: string };

export type ChangeTeamMemberRole = CommandBase<'ChangeTeamMemberRole'> & { readonly role: Role };

/** null leaves the member without a manager. */
export type AssignTeamManager = CommandBase<'AssignTeamManager'> & { readonly managerId: string | null };

/** null leaves the member without a regional office. */
export type MoveTeamMemberToOffice = CommandBase<'MoveTeamMemberToOffice'> & {
  readonly regionalOffice: string | null;
};

export type DeactivateTeamMember = CommandBase<'DeactivateTeamMember'> & { readonly reason: string };

export type ReactivateTeamMember = CommandBase<'ReactivateTeamMember'>;

/** Every token issued to the member up to now stops working (a lost laptop, a leaked token); new ones work. */
export type RevokeTeamMemberTokens = CommandBase<'RevokeTeamMemberTokens'>;

export type TeamMemberCommand =
  | AddTeamMember
  | RenameTeamMember
  | ChangeTeamMemberRole
  | AssignTeamManager
  | MoveTeamMemberToOffice
  | DeactivateTeamMember
  | ReactivateTeamMember
  | RevokeTeamMemberTokens;
