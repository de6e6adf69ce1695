import { AccountHandler } from './account.handler';
import { MergeAccountsHandler } from './merge-accounts/merge-accounts.handler';

export * from './account.handler';
export * from './merge-accounts/merge-accounts.handler';

export const accountCommandHandlers = [AccountHandler, MergeAccountsHandler];
