// Line and quote arithmetic shared by the quote and order domains: pure, integer minor units.
export * from './pricing';
export * from './pricing.errors';
