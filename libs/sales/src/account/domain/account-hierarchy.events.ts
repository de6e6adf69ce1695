import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';

/** A change of an account's parent was decided (checked against every link before it); the account's own stream records it next. */
export type AccountParentLinked = Event<
  'AccountParentLinked',
  {
    readonly accountId: string;
    /** null: the account no longer has a parent. */
    readonly parentAccountId: string | null;
    readonly linkedAt: string;
  }
>;

export type AccountHierarchyEvent = AccountParentLinked;

/** Every account hierarchy event type with its current schema version. */
export const accountHierarchyEvents = eventCodec<AccountHierarchyEvent>({
  AccountParentLinked: 1,
});
