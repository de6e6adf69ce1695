export * from './read-models/sales-facts/sales-facts.documents';
export * from './read-models/sales-facts/sales-facts.projection';
export * from './read-models/sales-facts/closed-deals.cube';
export * from './read-models/sales-facts/funnel.cube';
export * from './read-models/sales-facts/quotes.cube';
export * from './read-models/sales-reports';
export * from './read-models/report-scope';
export * from './segments/segmentation';
export { ReportsModule } from './reports.module';
