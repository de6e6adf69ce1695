import type { Money } from '@ledger/event-sourcing';
import type { ContactView } from '../../account';
import type { AmountByCurrency } from '../amounts-by-currency';


export type AccountOverview = {
  readonly id: string;
  readonly name: string;
  readonly sector: string | null;
  readonly yearEstablished: number | null;
  readonly annualRevenue: Money | null;
  readonly employees: number | null;
  readonly officeLocation: string | null;
  readonly parentAccountId: string | null;
  readonly status: 'active' | 'merged';
  /** Set on a merged account: where its opportunities went. */
  readonly mergedInto: string | null;
  /** Accounts merged into this one (through any chain); their history shows on this account's timeline. */
  readonly mergedAccounts: readonly { readonly id: string; readonly name: string; readonly mergedAt: string | null }[];
  /** Current contacts of this account and of the accounts merged into it; `accountId` says whose. */
  readonly contacts: readonly (ContactView & { readonly accountId: string })[];
  /** Open opportunities: count and amounts per currency (amounts are never added across currencies). */
  readonly openPipeline: readonly AmountByCurrency[];
  readonly openOpportunities: number;
  readonly wonRevenue: readonly AmountByCurrency[];
  readonly lastActivity: { readonly id: string; readonly kind: string; readonly subject: string; readonly occurredAt: string } | null;
  readonly revision: number;
  readonly updatedAt: string;
};
