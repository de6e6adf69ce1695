import type { Role } from '@ledger/event-sourcing';

export const TEAM_MEMBERS = 'team_members';

export type TeamMemberView = {
  readonly _id: string;
  readonly _revision: number;
  readonly name: string;
  readonly role: Role;
  readonly managerId: string | null;
  readonly regionalOffice: string | null;
  readonly status: 'active' | 'inactive';
  readonly addedAt: string;
  readonly updatedAt: string;
  /** Set once an admin revoked the member's tokens (the guard reads the member's stream, not this). */
  readonly tokensRevokedAt?: string;
};
