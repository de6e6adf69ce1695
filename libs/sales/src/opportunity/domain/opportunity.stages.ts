export type Stage = 'prospecting' | 'qualification' | 'needs-analysis' | 'proposal' | 'negotiation';

/** In pipeline order: a later index is a later stage. */
export const STAGES: readonly Stage[] = ['prospecting', 'qualification', 'needs-analysis', 'proposal', 'negotiation'];

export type ForecastCategory = 'pipeline' | 'best-case' | 'commit' | 'closed' | 'omitted';

export const FORECAST_CATEGORIES: readonly ForecastCategory[] = [
  'pipeline',
  'best-case',
  'commit',
  'closed',
  'omitted',
];

export type OpportunitySource = 'web' | 'phone' | 'email' | 'social' | 'referral' | 'event' | 'partner' | 'other';

export const OPPORTUNITY_SOURCES: readonly OpportunitySource[] = [
  'web',
  'phone',
  'email',
  'social',
  'referral',
  'event',
  'partner',
  'other',
];

export type StageDirection = 'forward' | 'backward';

export type ForecastDefaults = {
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
};

export const STAGE_DEFAULTS: Readonly<Record<Stage, ForecastDefaults>> = {
  prospecting: { probability: 10, forecastCategory: 'pipeline' },
  qualification: { probability: 20, forecastCategory: 'pipeline' },
  'needs-analysis': { probability: 40, forecastCategory: 'pipeline' },
  proposal: { probability: 60, forecastCategory: 'best-case' },
  negotiation: { probability: 80, forecastCategory: 'commit' },
};

export const WON_DEFAULTS: ForecastDefaults = { probability: 100, forecastCategory: 'closed' };

export const LOST_DEFAULTS: ForecastDefaults = { probability: 0, forecastCategory: 'omitted' };

/** Negative when `a` comes before `b` in the pipeline, zero when equal, positive when after. */
export const compareStages = (a: Stage, b: Stage): number => STAGES.indexOf(a) - STAGES.indexOf(b);
