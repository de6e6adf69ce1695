import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { accountEvents, type AccountEvent } from '../../domain';
import { ACCOUNT_VIEWS, accountNameKey, type ContactView } from './account-view.document';

const PROFILE_FIELDS = ['sector', 'yearEstablished', 'annualRevenue', 'employees', 'officeLocation', 'parentAccountId'] as const;
const CONTACT_DETAIL_FIELDS = ['title', 'preferredChannel'] as const;
const CONTACT_PERSONAL_FIELDS = ['fullName', 'email', 'phone'] as const;

/**
 * `$set` paths (`prefix.field`) for the fields of `changes` that are present, and only those of
 * `fields`: an absent key leaves its field as it is, and nothing else slips into the document.
 */
const setPaths = (prefix: string, fields: readonly string[], changes: object): Record<string, unknown> =>
  Object.fromEntries(
    fields
      .filter((field) => Object.hasOwn(changes, field))
      .map((field) => [prefix === '' ? field : `${prefix}.${field}`, (changes as Record<string, unknown>)[field]]),
  );

function changesFor(event: AccountEvent): UpdateSpec {
  switch (event.type) {
    case 'AccountRegistered': {
      const d = event.data;
      return {
        $set: {
          name: d.name,
          nameKey: accountNameKey(d.name),
          sector: d.sector,
          yearEstablished: d.yearEstablished,
          annualRevenue: d.annualRevenue,
          employees: d.employees,
          officeLocation: d.officeLocation,
          parentAccountId: d.parentAccountId,
          status: 'active',
          mergedInto: null,
          mergedAt: null,
          registeredAt: d.registeredAt,
          registeredBy: d.registeredBy,
          contacts: {},
          contactIds: [],
        },
      };
    }
    case 'AccountRenamed':
      return { $set: { name: event.data.name, nameKey: accountNameKey(event.data.name) } };
    case 'AccountProfileUpdated':
      return { $set: setPaths('', PROFILE_FIELDS, event.data.changes) };
    case 'AccountMerged':
      return { $set: { status: 'merged', mergedInto: event.data.intoAccountId, mergedAt: event.data.mergedAt } };
    case 'ContactAdded': {
      const d = event.data;
      const contact: ContactView = {
        contactId: d.contactId,
        title: d.title,
        preferredChannel: d.preferredChannel,
        personal: { fullName: d.personal.fullName, email: d.personal.email, phone: d.personal.phone },
        addedAt: d.addedAt,
        removed: false,
        removedAt: null,
      };
      return { $set: { [`contacts.${d.contactId}`]: contact }, $push: { contactIds: d.contactId } };
    }
    case 'ContactUpdated': {
      const { contactId, changes, personal } = event.data;
      return {
        $set: {
          ...setPaths(`contacts.${contactId}`, CONTACT_DETAIL_FIELDS, changes),
          ...setPaths(`contacts.${contactId}.personal`, CONTACT_PERSONAL_FIELDS, personal),
        },
      };
    }
    case 'ContactRemoved': {
      const { contactId, removedAt } = event.data;
      return { $set: { [`contacts.${contactId}.removed`]: true, [`contacts.${contactId}.removedAt`]: removedAt } };
    }
    default:
      return exhaustive(event);
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const accountViewProjection = projectionOf({
  name: 'account-views',
  collections: [ACCOUNT_VIEWS],
  indexes: {
    [ACCOUNT_VIEWS]: [{ fields: { nameKey: 1 } }, { fields: { status: 1, name: 1 } }, { fields: { mergedInto: 1 } }],
  },
  events: accountEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(ACCOUNT_VIEWS, event.data.accountId, update, recorded)];
  },
});
