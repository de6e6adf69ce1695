export * from './api-key.events';
export * from './api-key.commands';
export * from './api-key.errors';
export type { ApiKeyState, IssuedApiKey } from './api-key.state';
export { API_KEY_ROLES, apiKeyDecider } from './api-key.decide';
