import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, ReadStore } from '@ledger/read-store';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../../opportunity';
import { TASK_VIEWS, type TaskView } from '../../task';
import { TEAM_MEMBERS, type TeamMemberView } from '../../team';
import { sumByCurrency } from '../amounts-by-currency';
import { GetTeamOverviewQuery } from './get-team-overview.query';
import type { TeamMemberOverview } from './team-member-overview';

type Deal = Pick<OpportunityView, 'ownerId' | 'amountMinor' | 'currency'>;
type Task = Pick<TaskView, 'assigneeId' | 'dueDate'>;

/** Three reads whatever the team size: the members, their open opportunities, their open tasks. */
@QueryHandler(GetTeamOverviewQuery)
export class GetTeamOverviewHandler implements IQueryHandler<GetTeamOverviewQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetTeamOverviewQuery): Promise<TeamMemberOverview[]> {
    const where: Filter = {
      ...(filter.userIds ? { _id: { $in: filter.userIds } } : {}),
      ...(filter.regionalOffice ? { regionalOffice: filter.regionalOffice } : {}),
      ...(filter.managerId ? { managerId: filter.managerId } : {}),
      ...(filter.includeInactive ? {} : { status: 'active' }),
    };
    const members = await this.readStore.find<TeamMemberView>(TEAM_MEMBERS, where, { sort: { name: 1 } });
    const ids = members.map((member) => member._id);
    const [deals, tasks] = await Promise.all([
      this.readStore.find<Deal & { _id: string }>(OPPORTUNITY_VIEWS, { status: 'open', ownerId: { $in: ids } }, { projection: { ownerId: 1, amountMinor: 1, currency: 1 } }),
      this.readStore.find<Task & { _id: string }>(TASK_VIEWS, { status: 'open', assigneeId: { $in: ids } }, { projection: { assigneeId: 1, dueDate: 1 } }),
    ]);
    return members.map((member) => {
      const own = deals.filter((deal) => deal.ownerId === member._id);
      const assigned = tasks.filter((task) => task.assigneeId === member._id);
      return {
        userId: member._id,
        name: member.name,
        role: member.role,
        managerId: member.managerId,
        regionalOffice: member.regionalOffice,
        status: member.status,
        openOpportunities: own.length,
        openPipeline: sumByCurrency(own),
        openTasks: assigned.length,
        overdueTasks: assigned.filter((task) => task.dueDate < filter.today).length,
      };
    });
  }
}
