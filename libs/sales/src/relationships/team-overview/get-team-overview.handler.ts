import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays } from '@ledger/event-sourcing';
import { type Filter, findPage, type Page, queryCube, ReadStore } from '@ledger/read-store';
import { PIPELINE_CUBE } from '../../opportunity';
import { OPEN_TASKS_CUBE } from '../../task';
import { TEAM_MEMBERS, type TeamMemberView } from '../../team';
import type { AmountByCurrency } from '../amounts-by-currency';
import { GetTeamOverviewQuery } from './get-team-overview.query';
import type { TeamMemberOverview } from './team-member-overview';


/**
 * The members, then their open pipeline and tasks from the cubes' cells: the work grows with the
 * team, not with the number of deals or tasks.
 */
@QueryHandler(GetTeamOverviewQuery)
export class GetTeamOverviewHandler implements IQueryHandler<GetTeamOverviewQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetTeamOverviewQuery): Promise<Page<TeamMemberOverview>> {
    const where: Filter[] = [
      ...(filter.userIds ? [{ _id: { $in: filter.userIds } }] : []),
      ...(filter.regionalOffice ? [{ regionalOffice: filter.regionalOffice }] : []),
      ...(filter.managerId ? [{ managerId: filter.managerId }] : []),
      ...(filter.includeInactive ? [] : [{ status: 'active' }]),
    ];
    const page = await findPage<TeamMemberView>(this.readStore, TEAM_MEMBERS, where, { field: 'name', direction: 1, limit: filter.limit, cursor: filter.cursor });
    const members = page.items;
    const ids = members.map((member) => member._id);
    const [pipeline, tasks, overdue] = await Promise.all([
      queryCube(this.readStore, PIPELINE_CUBE, { where: { ownerId: ids }, groupBy: ['ownerId', 'currency'], sums: ['total'] }),
      queryCube(this.readStore, OPEN_TASKS_CUBE, { where: { assigneeId: ids }, groupBy: ['assigneeId'], sums: [] }),
      queryCube(this.readStore, OPEN_TASKS_CUBE, { to: addDays(filter.today, -1), where: { assigneeId: ids }, groupBy: ['assigneeId'], sums: [] }),
    ]);
    const countOf = (rows: typeof tasks, userId: string): number => rows.find((row) => row.key.assigneeId === userId)?.n ?? 0;
    const items = members.map((member): TeamMemberOverview => {
      const own = pipeline.filter((row) => row.key.ownerId === member._id);
      const openPipeline: AmountByCurrency[] = own
        .filter((row) => row.key.currency !== null)
        .map((row) => ({ currency: row.key.currency as string, amountMinor: row.s.total ?? 0, count: row.n }))
        .sort((a, b) => a.currency.localeCompare(b.currency));
      return {
        userId: member._id,
        name: member.name,
        role: member.role,
        managerId: member.managerId,
        regionalOffice: member.regionalOffice,
        status: member.status,
        openOpportunities: own.reduce((sum, row) => sum + row.n, 0),
        openPipeline,
        openTasks: countOf(tasks, member._id),
        overdueTasks: countOf(overdue, member._id),
        revision: member._revision,
      };
    });
    return { items, nextCursor: page.nextCursor };
  }
}
