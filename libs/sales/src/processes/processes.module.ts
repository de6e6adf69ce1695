import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QuoteExpiryJob } from '../quote';
import { FollowAccountMergeHandler } from './follow-account-merge/follow-account-merge.handler';
import { FollowQuoteTotalHandler } from './follow-quote-total/follow-quote-total.handler';
import { KeepOnLiveAccountHandler } from './keep-on-live-account/keep-on-live-account.handler';
import { PlaceOrderOfAcceptedQuoteHandler } from './place-order-of-accepted-quote/place-order-of-accepted-quote.handler';

/** What runs beside the projections: the process managers' own command handler and the scheduled expiry. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [FollowQuoteTotalHandler, FollowAccountMergeHandler, KeepOnLiveAccountHandler, PlaceOrderOfAcceptedQuoteHandler, QuoteExpiryJob],
})
export class SalesProcessesModule {}
