import { Module } from '@nestjs/common';
import { OpportunityController } from './api/opportunity.controller';
import { OpportunityQueriesController } from './api/opportunity-queries.controller';
import { opportunityCommandHandlers } from './application';
import { opportunityQueryHandlers } from './read-models';

@Module({
  controllers: [OpportunityController, OpportunityQueriesController],
  providers: [...opportunityCommandHandlers, ...opportunityQueryHandlers],
})
export class OpportunityModule {}
