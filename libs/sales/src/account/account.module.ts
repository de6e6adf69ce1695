import { Module } from '@nestjs/common';
import { AccountController } from './api/account.controller';
import { accountCommandHandlers } from './application';
import { accountQueryHandlers } from './read-models';

@Module({
  controllers: [AccountController],
  providers: [...accountCommandHandlers, ...accountQueryHandlers],
})
export class AccountModule {}
