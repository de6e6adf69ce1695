import { AssignmentNoCandidatesError } from './assignment-rotor.errors';

/** How a pool chooses the owner of a new opportunity. */
export const ASSIGNMENT_RULES = ['round-robin', 'least-loaded'] as const;

export type AssignmentRule = (typeof ASSIGNMENT_RULES)[number];

/** What a candidate already carries: the open pipeline in minor units, and how many open opportunities. */
export type OwnerLoad = {
  readonly userId: string;
  readonly openPipelineMinor: number;
  readonly openOpportunities: number;
};

const lighter = (a: OwnerLoad, b: OwnerLoad): boolean =>
  a.openPipelineMinor !== b.openPipelineMinor
    ? a.openPipelineMinor < b.openPipelineMinor
    : a.openOpportunities !== b.openOpportunities
      ? a.openOpportunities < b.openOpportunities
      : a.userId < b.userId;

/**
 * The candidate with the smallest open pipeline; on a tie, the one with fewer open opportunities;
 * then the smallest user id (code-unit order). Throws AssignmentNoCandidatesError on no candidates.
 * The loads come from a read model, so two concurrent calls may agree on one owner: this is the
 * rule for spreading work, not a lock.
 */
export const leastLoadedOwner = (loads: readonly OwnerLoad[]): string => {
  const [first, ...rest] = loads;
  if (first === undefined) throw new AssignmentNoCandidatesError();
  return rest.reduce((best, load) => (lighter(load, best) ? load : best), first).userId;
};
