import { ApiKeyHandler } from './api-key.handler';

export * from './api-key.handler';
export * from './api-key-secret';
export * from './api-key-authority';

export const apiKeyCommandHandlers = [ApiKeyHandler];
