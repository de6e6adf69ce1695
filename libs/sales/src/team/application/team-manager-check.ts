import { DomainError, type EventStore } from '@ledger/event-sourcing';
import { loadTeamMember } from './team-streams';

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

const MAX_DEPTH = 50;

/** A manager must be an active member with the manager role, and nobody may end up reporting to themselves. */
export async function checkManager(store: EventStore, userId: string, managerId: string | null): Promise<void> {
  if (managerId === null) return;
  const manager = await loadTeamMember(store, managerId);
  if (manager.status !== 'active' || manager.role !== 'manager') throw new TeamManagerNotFoundError(managerId);
  let above: string | null = manager.managerId;
  for (let depth = 0; above !== null && depth < MAX_DEPTH; depth += 1) {
    if (above === userId) throw new TeamManagerCycleError(userId, managerId);
    const next = await loadTeamMember(store, above);
    above = next.status === 'initial' ? null : next.managerId;
  }
}
