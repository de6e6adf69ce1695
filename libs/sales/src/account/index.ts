export * from './domain';
export * from './application/account.handler';
export * from './read-models/account-view/account-view.document';
export * from './api/register-account.request.dto';
export * from './application';
export * from './read-models';
export * from './api/account.request.dto';
export { AccountModule } from './account.module';
