import { Query } from '@nestjs/cqrs';

export type ApprovalItem = {
  readonly kind: 'quote' | 'order';
  readonly id: string;
  readonly opportunityId: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** Milliseconds since submission, at the time of the query. */
  readonly ageMs: number;
  readonly reasons: readonly string[];
  readonly currency: string;
  readonly totalMinor: number;
  readonly effectiveDiscountBp: number;
  /** The hash a manager may send with the approval: it is refused if the content changed since. */
  readonly linesHash: string | null;
  readonly revision: number;
};

/** What waits for a manager: pending quotes and orders, oldest first. */
export class ListApprovalsQuery extends Query<{ items: ApprovalItem[] }> {
  constructor(
    readonly now: Date,
    readonly limit: number,
  ) {
    super();
  }
}
