import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QuoteExpiryJob } from '../quote';
import { FollowQuoteTotalHandler } from './follow-quote-total/follow-quote-total.handler';

/** What runs beside the projections: the process managers' own command handler and the scheduled expiry. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [FollowQuoteTotalHandler, QuoteExpiryJob],
})
export class SalesProcessesModule {}
