import { ReadStore } from '@ledger/read-store';
import { TEAM_MEMBERS, type TeamMemberView } from './team-member-view.document';

/** Where an assignment rule may look for owners: a manager's team, a regional office, or every rep. */
export type AssignmentPool =
  | { readonly kind: 'team'; readonly managerId: string }
  | { readonly kind: 'region'; readonly office: string }
  | { readonly kind: 'all' };

export const poolKey = (pool: AssignmentPool): string =>
  pool.kind === 'team' ? `team:${pool.managerId}` : pool.kind === 'region' ? `region:${pool.office}` : 'all';

const MAX_DEPTH = 10;

/** Reads of the team directory that other modules need: who someone is, whom they manage, who can take work. */
export const teamDirectory = {
  member: (readStore: ReadStore, userId: string): Promise<TeamMemberView | null> =>
    readStore.findOne<TeamMemberView>(TEAM_MEMBERS, { _id: userId }),

  /** Everyone below a manager, directly or through other managers; the manager not included. */
  async reportsOf(readStore: ReadStore, managerId: string): Promise<TeamMemberView[]> {
    const found: TeamMemberView[] = [];
    let level = [managerId];
    for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth += 1) {
      const next = await readStore.find<TeamMemberView>(TEAM_MEMBERS, { managerId: { $in: level } });
      const fresh = next.filter((member) => !found.some((known) => known._id === member._id) && member._id !== managerId);
      found.push(...fresh);
      level = fresh.map((member) => member._id);
    }
    return found;
  },

  /** The active reps an assignment rule chooses among, in user id order. */
  async activeReps(readStore: ReadStore, pool: AssignmentPool): Promise<TeamMemberView[]> {
    const inPool =
      pool.kind === 'team'
        ? await teamDirectory.reportsOf(readStore, pool.managerId)
        : await readStore.find<TeamMemberView>(TEAM_MEMBERS, pool.kind === 'region' ? { regionalOffice: pool.office } : {});
    return inPool.filter((member) => member.role === 'rep' && member.status === 'active').sort((a, b) => (a._id < b._id ? -1 : 1));
  },
};
