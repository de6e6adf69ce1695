import { DomainError } from '@ledger/event-sourcing/kernel';

// Class names carry an Assignment prefix so that this domain can be re-exported next to the others.

export class AssignmentNoCandidatesError extends DomainError {
  constructor(poolKey?: string) {
    super(
      'assignment-no-candidates',
      'rule-violated',
      poolKey === undefined
        ? 'There is no candidate to assign the opportunity to.'
        : `Pool ${poolKey} has no candidate to assign the opportunity to.`,
    );
  }
}
