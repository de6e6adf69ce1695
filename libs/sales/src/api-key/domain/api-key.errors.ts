import { DomainError } from '@ledger/event-sourcing/kernel';

export class ApiKeyNotFoundError extends DomainError {
  constructor(keyId: string) {
    super('api-key-not-found', 'not-found', `No API key ${keyId} was ever issued.`);
  }
}

export class ApiKeyAlreadyExistsError extends DomainError {
  constructor(keyId: string) {
    super('api-key-already-exists', 'already-exists', `API key ${keyId} was already issued.`);
  }
}

export class ApiKeyNameRequiredError extends DomainError {
  constructor() {
    super('api-key-name-required', 'rule-violated', 'An API key has a name that says which client holds it (at most 100 characters).');
  }
}

export class ApiKeyRolesInvalidError extends DomainError {
  constructor() {
    super('api-key-roles-invalid', 'rule-violated', 'An API key has one or more distinct roles among admin, auditor and analyst.');
  }
}

export class ApiKeyRoleNotAllowedError extends DomainError {
  constructor(role: string) {
    super(
      'api-key-role-not-allowed',
      'rule-violated',
      `An API key cannot have the role ${role}: reps and managers are members of the team directory with a pipeline of their own, which a machine client is not. Use admin, auditor or analyst.`,
    );
  }
}

export class ApiKeySecretHashInvalidError extends DomainError {
  constructor() {
    super('api-key-secret-hash-invalid', 'rule-violated', 'An API key is stored as the SHA-256 of its secret (43 base64url characters), never as the secret.');
  }
}

export class ApiKeyReasonRequiredError extends DomainError {
  constructor() {
    super('api-key-reason-required', 'rule-violated', 'Say why the key is revoked (a reason, at most 500 characters).');
  }
}
