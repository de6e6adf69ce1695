import type { Money } from '@ledger/event-sourcing';
import type { ContactChannel, ContactPersonalData } from '../../domain';

export const ACCOUNT_VIEWS = 'account_views';

/** How names are matched when an opportunity names its account: trimmed, case and spacing ignored. */
export const accountNameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

export type ContactView = {
  readonly contactId: string;
  readonly title: string | null;
  readonly preferredChannel: ContactChannel | null;
  /** Personal data, as in the events: the one place a later issue encrypts per person. */
  readonly personal: ContactPersonalData;
  readonly addedAt: string;
  readonly removed: boolean;
  readonly removedAt: string | null;
};

/** One document per account, merged ones included (they keep their history and point at the survivor). */
export type AccountView = {
  readonly _id: string;
  readonly _revision: number;
  readonly name: string;
  readonly nameKey: string;
  /** Prefixes of the name's words (see searchKeysOf), for ?q= from an index. */
  readonly searchKeys: readonly string[];
  readonly sector: string | null;
  readonly yearEstablished: number | null;
  readonly annualRevenue: Money | null;
  readonly employees: number | null;
  readonly officeLocation: string | null;
  readonly parentAccountId: string | null;
  readonly status: 'active' | 'merged';
  readonly mergedInto: string | null;
  readonly mergedAt: string | null;
  readonly registeredAt: string;
  readonly registeredBy: string;
  /** By contact id; `contactIds` keeps the order they were added in. */
  readonly contacts: Readonly<Record<string, ContactView>>;
  readonly contactIds: readonly string[];
  readonly updatedAt: string;
};
