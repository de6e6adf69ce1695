import { AddContactHandler } from './add-contact/add-contact.handler';
import { MergeAccountsHandler } from './merge-accounts/merge-accounts.handler';
import { RegisterAccountHandler } from './register-account/register-account.handler';
import { RemoveContactHandler } from './remove-contact/remove-contact.handler';
import { RenameAccountHandler } from './rename-account/rename-account.handler';
import { UpdateAccountProfileHandler } from './update-account-profile/update-account-profile.handler';
import { UpdateContactHandler } from './update-contact/update-contact.handler';

export * from './account-stream';
export * from './parent-account-check';
export * from './add-contact/add-contact.command';
export * from './merge-accounts/merge-accounts.command';
export * from './register-account/register-account.command';
export * from './remove-contact/remove-contact.command';
export * from './rename-account/rename-account.command';
export * from './update-account-profile/update-account-profile.command';
export * from './update-contact/update-contact.command';

export const accountCommandHandlers = [
  RegisterAccountHandler,
  RenameAccountHandler,
  UpdateAccountProfileHandler,
  MergeAccountsHandler,
  AddContactHandler,
  UpdateContactHandler,
  RemoveContactHandler,
];
