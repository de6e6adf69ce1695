import { ListAccountsHandler } from './list-accounts/list-accounts.handler';

export * from './account-view/account-view.document';
export * from './account-view/account-view.projection';
export * from './list-accounts/account-summary';
export * from './list-accounts/list-accounts.query';

export const accountQueryHandlers = [ListAccountsHandler];
