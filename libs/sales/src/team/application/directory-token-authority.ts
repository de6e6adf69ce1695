import { Injectable } from '@nestjs/common';
import { EventStore, type Role } from '@ledger/event-sourcing';
import { ProblemException, TokenAuthority, type VerifiedToken } from '@ledger/platform';
import { teamMemberDecider, teamMemberEvents, type TeamMemberState } from '../domain';
import { teamMemberStream } from './team-member.handler';

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

type CachedMember = { readonly revision: number; readonly state: TeamMemberState };

const MAX_CACHED_MEMBERS = 10_000;

/**
 * The team directory as the guard's authority. The member's own stream is read, not the team view,
 * so a deactivation, role change or revocation holds from the moment it is appended (no projection
 * lag, in every API process). Each member's folded state is cached with its stream revision; a
 * request reads only the events after it (one indexed read that is almost always empty), so the
 * cache is invalidated by the member's events themselves and never serves a stale entry.
 */
@Injectable()
export class DirectoryTokenAuthority extends TokenAuthority {
  private readonly members = new Map<string, CachedMember>();

  constructor(private readonly store: EventStore) {
    super();
  }

  async confirm(token: VerifiedToken): Promise<void> {
    const refusal = refusalOf(await this.member(token.actor.userId), token);
    if (refusal) throw refusal;
  }

  private async member(userId: string): Promise<TeamMemberState> {
    const cached = this.members.get(userId) ?? { revision: -1, state: teamMemberDecider.initialState() };
    const newer = await this.store.readStream(teamMemberStream(userId), { fromRevision: cached.revision + 1 });
    if (newer.length === 0) return cached.state;
    const state = newer.reduce((folded, event) => teamMemberDecider.evolve(folded, teamMemberEvents.decode(event)), cached.state);
    const revision = newer[newer.length - 1].revision;
    // A slower concurrent read may arrive after a newer one: keep the newest.
    if ((this.members.get(userId)?.revision ?? -1) < revision) {
      this.members.delete(userId);
      if (this.members.size >= MAX_CACHED_MEMBERS) this.members.delete(this.members.keys().next().value as string);
      this.members.set(userId, { revision, state });
    }
    return state;
  }
}
