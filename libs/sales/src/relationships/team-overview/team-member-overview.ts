import type { Role } from '@ledger/event-sourcing';
import type { AmountByCurrency } from '../amounts-by-currency';

export type TeamMemberOverview = {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly managerId: string | null;
  readonly regionalOffice: string | null;
  readonly status: 'active' | 'inactive';
  readonly openOpportunities: number;
  readonly openPipeline: readonly AmountByCurrency[];
  readonly openTasks: number;
  readonly overdueTasks: number;
  /** The member's stream revision, for If-Match on a directory change. */
  readonly revision: number;
};
