import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { ReadStore } from '@ledger/read-store';
import { teamDirectory } from './team-directory';

export class OutsideYourTeamError extends DomainError {
  constructor(ownerId: string) {
    super('outside-your-team', 'forbidden', `${ownerId} is not on your team; a manager sees their own team's pipeline.`);
  }
}

export class NotYourRecordError extends DomainError {
  constructor() {
    super('not-your-record', 'forbidden', "A rep reads only their own records (opportunities they own and those deals' quotes and orders, tasks assigned to them, activities they logged).");
  }
}

/**
 * Whose records a reader sees in pipeline views: a rep their own; a manager with a team in the
 * directory themselves and everyone below them; everyone else (and a manager without a team yet) all.
 * Returns the owners to filter on, or undefined for no filter; an explicit owner outside what the
 * reader sees is refused.
 */
export async function pipelineOwners(readStore: ReadStore, actor: Actor, ownerId: string | undefined): Promise<readonly string[] | undefined> {
  if (actor.role === 'rep') {
    if (ownerId !== undefined && ownerId !== actor.userId) throw new NotYourRecordError();
    return [actor.userId];
  }
  if (actor.role !== 'manager') return ownerId === undefined ? undefined : [ownerId];
  const reports = await teamDirectory.reportsOf(readStore, actor.userId);
  if (reports.length === 0) return ownerId === undefined ? undefined : [ownerId];
  const team = [actor.userId, ...reports.map((member) => member._id)];
  if (ownerId === undefined) return team;
  if (!team.includes(ownerId)) throw new OutsideYourTeamError(ownerId);
  return [ownerId];
}

/**
 * Whether a reader may see one record, held by `holderId` (the owner of its deal, the assignee of a
 * task, who logged an activity; null when that is not known yet): a rep only their own; a manager
 * with a team their team's (one without a team yet sees all, as in the pipeline views); auditors,
 * analysts and admins every record. The same rule as `pipelineOwners`, one record at a time.
 */
export async function assertMayReadRecordOf(readStore: ReadStore, actor: Actor, holderId: string | null): Promise<void> {
  if (actor.role === 'rep') {
    if (holderId !== actor.userId) throw new NotYourRecordError();
    return;
  }
  if (actor.role !== 'manager' || holderId === actor.userId) return;
  const reports = await teamDirectory.reportsOf(readStore, actor.userId);
  if (reports.length > 0 && !reports.some((member) => member._id === holderId)) throw new OutsideYourTeamError(holderId ?? 'its owner');
}
