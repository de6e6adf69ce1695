import { Injectable } from '@nestjs/common';
import { EventStore, type Role } from '@ledger/event-sourcing';
import { ProblemException, TokenAuthority, type VerifiedToken } from '@ledger/platform';
import type { TeamMemberState } from '../domain';
import { currentTeamMember } from './team-member.handler';

export class MemberInactiveProblem extends ProblemException {
  constructor(userId: string) {
    super(403, 'member-inactive', `${userId} is deactivated in the team directory; their tokens are refused until an admin reactivates them.`);
  }
}

export class RoleNotGrantedProblem extends ProblemException {
  constructor(userId: string, claimed: string, granted: Role | null) {
    super(
      403,
      'role-not-granted',
      granted === null
        ? `The token claims the role ${claimed}, but ${userId} is not in the team directory, which grants the sales roles (rep, manager).`
        : `The token claims the role ${claimed}, but the team directory makes ${userId} a ${granted}; ask for a token of that role.`,
    );
  }
}

export class TokenRevokedProblem extends ProblemException {
  constructor(userId: string, revokedAt: string) {
    super(401, 'token-revoked', `${userId}'s tokens issued at or before ${revokedAt} were revoked; ask for a new one.`);
  }
}

/** Roles that exist only through the directory: a rep or manager token of someone it does not know is refused. */
const SALES_ROLES: readonly Role[] = ['rep', 'manager'];

/**
 * Why the directory refuses a valid token, or null. A member of the directory (whatever their role)
 * is held to their entry: tokens issued up to the second of a revocation are refused (401, the
 * credential is spent; `iat` counts whole seconds, so one issued later in that same second is
 * refused too), an inactive member is refused (403), and so is a role the entry does not give
 * (403). Someone the directory does not know may hold an admin, auditor or analyst token (operators,
 * auditors, integrations and the demo users are not sales staff), but never a sales role.
 */
export function refusalOf(member: TeamMemberState, { actor, issuedAtSeconds }: VerifiedToken): ProblemException | null {
  if (member.status === 'initial') return SALES_ROLES.includes(actor.role as Role) ? new RoleNotGrantedProblem(actor.userId, actor.role, null) : null;
  if (member.tokensRevokedAt !== null && issuedAtSeconds <= Math.floor(Date.parse(member.tokensRevokedAt) / 1000)) {
    return new TokenRevokedProblem(actor.userId, member.tokensRevokedAt);
  }
  if (member.status === 'inactive') return new MemberInactiveProblem(actor.userId);
  if (member.role !== actor.role) return new RoleNotGrantedProblem(actor.userId, actor.role, member.role);
  return null;
}

/**
 * The team directory as the guard's authority. The member's own stream is read, not the team view,
 * so a deactivation, role change or revocation holds from the moment it is appended (no projection
 * lag, in every API process); `currentTeamMember` keeps each member's folded state and reads only
 * the events after it.
 */
@Injectable()
export class DirectoryTokenAuthority extends TokenAuthority {
  constructor(private readonly store: EventStore) {
    super();
  }

  async confirm(token: VerifiedToken): Promise<void> {
    const refusal = refusalOf(await currentTeamMember(this.store, token.actor.userId), token);
    if (refusal) throw refusal;
  }
}
