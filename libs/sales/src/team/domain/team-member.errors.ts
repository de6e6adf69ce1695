import { DomainError, ROLES } from '@ledger/event-sourcing/kernel';

// Class names carry a TeamMember prefix so that this domain can be re-exported next to the others.

export class TeamMemberNotFoundError extends DomainError {
  constructor(userId: string) {
    super('team-member-not-found', 'not-found', `Team member ${userId} is not in the sales team directory.`);
  }
}

export class TeamMemberAlreadyExistsError extends DomainError {
  constructor(userId: string) {
    super('team-member-already-exists', 'already-exists', `Team member ${userId} is already in the directory.`);
  }
}

export class TeamMemberNameRequiredError extends DomainError {
  constructor() {
    super('team-member-name-required', 'rule-violated', 'A team member needs a name that is not blank.');
  }
}

export class TeamMemberInvalidRoleError extends DomainError {
  constructor(role: string) {
    super(
      'invalid-team-role',
      'rule-violated',
      `A team member's role is one of ${ROLES.join(', ')}; got ${JSON.stringify(role)}.`,
    );
  }
}

export class TeamMemberOwnManagerError extends DomainError {
  constructor(userId: string) {
    super('team-member-own-manager', 'rule-violated', `Team member ${userId} cannot be their own manager.`);
  }
}

export class TeamMemberInactiveError extends DomainError {
  /** `as`: what the member was named for (`the owner`, `the assignee`); without it, a change to the member themself. */
  constructor(userId: string, as?: string) {
    super(
      'team-member-inactive',
      'rule-violated',
      as === undefined
        ? `Team member ${userId} is inactive; reactivate them before changing their role, manager or office.`
        : `Team member ${userId} is inactive, so cannot be ${as}; choose an active member, or reactivate them first.`,
    );
  }
}

export class TeamMemberReasonRequiredError extends DomainError {
  constructor() {
    super('team-member-reason-required', 'rule-violated', 'A reason is required to deactivate a team member.');
  }
}
