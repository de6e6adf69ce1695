import { Module } from '@nestjs/common';
import { AccountController } from './api/account.controller';
import { ContactController } from './api/contact.controller';
import { accountCommandHandlers } from './application';
import { accountQueryHandlers } from './read-models';

@Module({
  controllers: [AccountController, ContactController],
  providers: [...accountCommandHandlers, ...accountQueryHandlers],
})
export class AccountModule {}
