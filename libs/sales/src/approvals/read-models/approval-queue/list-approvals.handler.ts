import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { findPage, type Page, ReadStore } from '@ledger/read-store';
import { APPROVAL_QUEUE, type ApprovalItem, type ApprovalQueueDocument, toApprovalItem } from './approval-queue.document';
import { ListApprovalsQuery } from './list-approvals.query';

@QueryHandler(ListApprovalsQuery)
export class ListApprovalsHandler implements IQueryHandler<ListApprovalsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ now, limit, cursor }: ListApprovalsQuery): Promise<Page<ApprovalItem>> {
    const page = await findPage<ApprovalQueueDocument>(this.readStore, APPROVAL_QUEUE, [{ pending: true }], { field: 'submittedAt', direction: 1, limit, cursor });
    return { items: page.items.map((document) => toApprovalItem(document, now)), nextCursor: page.nextCursor };
  }
}
