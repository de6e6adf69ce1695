import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { TeamMemberOverview } from './team-member-overview';

export type TeamOverviewFilter = {
  /** Only these members (a manager's team); every member when absent. */
  readonly userIds?: readonly string[];
  readonly regionalOffice?: string;
  readonly managerId?: string;
  readonly includeInactive: boolean;
  /** YYYY-MM-DD: tasks due before it are overdue. */
  readonly today: string;
  readonly limit: number;
  readonly cursor?: string;
};

/** The team directory with each member's open pipeline and overdue tasks, by name, a page at a time. */
export class GetTeamOverviewQuery extends Query<Page<TeamMemberOverview>> {
  constructor(readonly filter: TeamOverviewFilter) {
    super();
  }
}
