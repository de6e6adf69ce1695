import { GetForecastHandler } from './forecast/get-forecast.handler';
import { ListOpportunitiesHandler } from './list-opportunities/list-opportunities.handler';
import { GetOpportunityHandler } from './opportunity-details/get-opportunity.handler';
import { GetPipelineHandler } from './pipeline/get-pipeline.handler';

export * from './opportunity-view/opportunity-view.document';
export * from './opportunity-view/opportunity-resource';
export * from './opportunity-view/opportunity-view.projection';
export * from './pipeline/pipeline.cube';
export * from './forecast/forecast.cube';
export * from './list-opportunities/list-opportunities.query';
export * from './list-opportunities/opportunity-list.mongo-query';
export * from './opportunity-details/get-opportunity.query';
export * from './pipeline/get-pipeline.query';
export * from './forecast/get-forecast.query';
export * from './as-of/opportunity-as-of';
export * from './as-of/pipeline-changes';
export { GetPipelineHandler };

export const opportunityQueryHandlers = [ListOpportunitiesHandler, GetOpportunityHandler, GetPipelineHandler, GetForecastHandler];
