import { type AllEvent, exhaustive } from '@ledger/event-sourcing';
import { projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { accountEvents, type AccountEvent, ERASED_PERSONAL_DATA } from '../../domain';
import { CONTACT_SEARCH } from '../contact-search/contact-search.document';
import { searchKeysOf, searchWords } from '../contact-search/search-keys';
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
          searchKeys: searchKeysOf(d.name),
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
      return { $set: { name: event.data.name, nameKey: accountNameKey(event.data.name), searchKeys: searchKeysOf(event.data.name) } };
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
    case 'ContactErased':
      return { $set: { [`contacts.${event.data.contactId}.personal`]: ERASED_PERSONAL_DATA } };
    default:
      return exhaustive(event);
  }
}

/** The personal fields a contact event sets, with the search keys and sort name made of them. */
const personalFields = (personal: { fullName?: string; email?: string | null; phone?: string | null; erased?: true }): Record<string, unknown> => ({
  ...(personal.erased === true ? { erased: true } : {}),
  ...(personal.fullName === undefined ? {} : { fullName: personal.fullName, sortName: searchWords(personal.fullName).join(' '), nameKeys: searchKeysOf(personal.fullName) }),
  ...(personal.email === undefined ? {} : { email: personal.email, emailKeys: searchKeysOf(personal.email) }),
  ...(personal.phone === undefined ? {} : { phone: personal.phone, phoneKeys: searchKeysOf(personal.phone) }),
});

/** The contact search documents an event changes (after the account's own document, whose name they copy). */
function contactWrites(event: AccountEvent, recorded: AllEvent): ReadModelWrite[] {
  switch (event.type) {
    case 'ContactAdded': {
      const d = event.data;
      const update = {
        $set: { accountId: d.accountId, title: d.title, preferredChannel: d.preferredChannel, addedAt: d.addedAt, removed: false, ...personalFields(d.personal) },
      };
      return [{ ...revisionGuardedUpsert(CONTACT_SEARCH, d.contactId, update, recorded), copy: { from: ACCOUNT_VIEWS, id: d.accountId, fields: { accountName: 'name' } } }];
    }
    case 'ContactUpdated': {
      const { contactId, changes, personal } = event.data;
      return [revisionGuardedUpsert(CONTACT_SEARCH, contactId, { $set: { ...setPaths('', CONTACT_DETAIL_FIELDS, changes), ...personalFields(personal) } }, recorded)];
    }
    case 'ContactRemoved':
      return [revisionGuardedUpsert(CONTACT_SEARCH, event.data.contactId, { $set: { removed: true } }, recorded)];
    case 'ContactErased': {
      // No search key made of the person's data is left: no word finds an erased contact.
      const update = { $set: { ...personalFields(ERASED_PERSONAL_DATA), nameKeys: [], emailKeys: [], phoneKeys: [] } };
      return [revisionGuardedUpsert(CONTACT_SEARCH, event.data.contactId, update, recorded)];
    }
    case 'AccountRenamed':
      return [{ op: 'updateMany', collection: CONTACT_SEARCH, filter: { accountId: event.data.accountId }, update: { $set: { accountName: event.data.name } } }];
    default:
      return [];
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing (a rename sets the same name again). */
export const accountViewProjection = projectionOf({
  name: 'account-views',
  collections: [ACCOUNT_VIEWS, CONTACT_SEARCH],
  indexes: {
    // GET /accounts pages by (name, _id), of one status or all.
    [ACCOUNT_VIEWS]: [{ fields: { nameKey: 1 } }, { fields: { status: 1, name: 1, _id: 1 } }, { fields: { name: 1, _id: 1 } }, { fields: { mergedInto: 1 } }, { fields: { searchKeys: 1 } }],
    [CONTACT_SEARCH]: [
      { fields: { nameKeys: 1 } },
      { fields: { emailKeys: 1 } },
      { fields: { phoneKeys: 1 } },
      // GET /contacts pages by (sortName, _id), of one account or all.
      { fields: { accountId: 1, removed: 1, sortName: 1, _id: 1 } },
      { fields: { removed: 1, sortName: 1, _id: 1 } },
    ],
  },
  events: accountEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(ACCOUNT_VIEWS, event.data.accountId, update, recorded), ...contactWrites(event, recorded)];
  },
});
