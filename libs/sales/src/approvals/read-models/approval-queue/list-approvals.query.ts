import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { ApprovalItem } from './approval-queue.document';

/** What waits for a manager: pending quotes and orders, oldest first. */
export class ListApprovalsQuery extends Query<Page<ApprovalItem>> {
  constructor(
    readonly now: Date,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
