import type { AccountView } from '../account-view/account-view.document';

/**
 * An account as lists show it: its profile and how many contacts it has, never who they are (the
 * contacts' personal data stays out of lists).
 */
export type AccountSummary = Pick<
  AccountView,
  | 'name'
  | 'sector'
  | 'yearEstablished'
  | 'annualRevenue'
  | 'employees'
  | 'officeLocation'
  | 'parentAccountId'
  | 'status'
  | 'mergedInto'
  | 'updatedAt'
> & {
  readonly id: string;
  /** Contacts not removed. */
  readonly contacts: number;
};

/** Built field by field, so that nothing of a contact but the count leaves the document. */
export const toAccountSummary = (view: AccountView): AccountSummary => ({
  id: view._id,
  name: view.name,
  sector: view.sector,
  yearEstablished: view.yearEstablished,
  annualRevenue: view.annualRevenue,
  employees: view.employees,
  officeLocation: view.officeLocation,
  parentAccountId: view.parentAccountId,
  status: view.status,
  mergedInto: view.mergedInto,
  contacts: Object.values(view.contacts).filter((contact) => !contact.removed).length,
  updatedAt: view.updatedAt,
});
