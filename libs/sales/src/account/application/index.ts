import { AccountHandler } from './account.handler';
import { EraseContactHandler } from './erase-contact/erase-contact.handler';
import { MergeAccountsHandler } from './merge-accounts/merge-accounts.handler';

export * from './account.handler';
export * from './merge-accounts/merge-accounts.handler';
export * from './erase-contact/erase-contact.handler';

export const accountCommandHandlers = [AccountHandler, MergeAccountsHandler, EraseContactHandler];
export * from './erase-contact/erasure-receipt';
