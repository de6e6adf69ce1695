import { ListAccountsHandler } from './list-accounts/list-accounts.handler';
import { ListContactsHandler } from './list-contacts/list-contacts.handler';

export * from './account-view/account-view.document';
export * from './account-view/account-view.projection';
export * from './contact-search/contact-search.document';
export { searchWords } from './contact-search/search-keys';
export * from './list-accounts/account-summary';
export * from './list-accounts/list-accounts.query';
export * from './list-contacts/list-contacts.query';

export const accountQueryHandlers = [ListAccountsHandler, ListContactsHandler];
