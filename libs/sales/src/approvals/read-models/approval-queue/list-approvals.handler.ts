import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { ORDER_VIEWS, type OrderView } from '../../../order';
import { QUOTE_VIEWS, type QuoteView } from '../../../quote';
import { type ApprovalItem, ListApprovalsQuery } from './list-approvals.query';

const PENDING = { status: 'pending-approval', submittedAt: { $ne: null } };
const OLDEST_FIRST = { submittedAt: 1, _id: 1 } as const;

@QueryHandler(ListApprovalsQuery)
export class ListApprovalsHandler implements IQueryHandler<ListApprovalsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ now, limit }: ListApprovalsQuery): Promise<{ items: ApprovalItem[] }> {
    const [quotes, orders] = await Promise.all([
      this.readStore.find<QuoteView>(QUOTE_VIEWS, PENDING, { sort: OLDEST_FIRST, limit }),
      this.readStore.find<OrderView>(ORDER_VIEWS, PENDING, { sort: OLDEST_FIRST, limit }),
    ]);
    const age = (submittedAt: string): number => Math.max(0, now.getTime() - Date.parse(submittedAt));
    const items: ApprovalItem[] = [
      ...quotes.map((q) => ({
        kind: 'quote' as const,
        id: q._id,
        opportunityId: q.opportunityId,
        submittedAt: q.submittedAt!,
        submittedBy: q.submittedBy!,
        ageMs: age(q.submittedAt!),
        reasons: q.approvalReasons,
        currency: q.currency,
        totalMinor: q.totals.totalMinor,
        effectiveDiscountBp: q.totals.effectiveDiscountBp,
        linesHash: q.linesHash,
        revision: q._revision,
      })),
      ...orders.map((o) => ({
        kind: 'order' as const,
        id: o._id,
        opportunityId: o.opportunityId,
        submittedAt: o.submittedAt!,
        submittedBy: o.requestedBy,
        ageMs: age(o.submittedAt!),
        reasons: o.approvalReasons,
        currency: o.currency,
        totalMinor: o.totals.totalMinor,
        effectiveDiscountBp: o.totals.effectiveDiscountBp,
        linesHash: null,
        revision: o._revision,
      })),
    ];
    items.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
    return { items: items.slice(0, limit) };
  }
}
