import { Module } from '@nestjs/common';
import { ApiKeyAuthority } from '@ledger/platform';
import { ApiKeyController } from './api/api-key.controller';
import { apiKeyCommandHandlers, StoredApiKeyAuthority } from './application';

@Module({
  controllers: [ApiKeyController],
  // The guard (libs/platform/src/auth) asks it about every `Authorization: ApiKey` credential.
  providers: [...apiKeyCommandHandlers, { provide: ApiKeyAuthority, useClass: StoredApiKeyAuthority }],
})
export class ApiKeyModule {}
