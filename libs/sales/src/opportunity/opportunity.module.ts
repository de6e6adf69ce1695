import { Module } from '@nestjs/common';
import { OpportunityController } from './api/opportunity.controller';
import { opportunityCommandHandlers } from './application';

@Module({ controllers: [OpportunityController], providers: [...opportunityCommandHandlers] })
export class OpportunityModule {}
