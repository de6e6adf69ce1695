import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QuoteExpiryJob } from '../quote';
import { FollowAccountMergeHandler } from './follow-account-merge/follow-account-merge.handler';
import { FollowQuoteTotalHandler } from './follow-quote-total/follow-quote-total.handler';
import { KeepOnLiveAccountHandler } from './keep-on-live-account/keep-on-live-account.handler';

/** What runs beside the projections: the process managers' own command handler and the scheduled expiry. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [FollowQuoteTotalHandler, FollowAccountMergeHandler, KeepOnLiveAccountHandler, QuoteExpiryJob],
})
export class SalesProcessesModule {}
