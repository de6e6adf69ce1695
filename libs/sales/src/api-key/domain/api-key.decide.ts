import { type Decider, exhaustive, ROLES, type Role } from '@ledger/event-sourcing/kernel';
import type { ApiKeyCommand, IssueApiKey, RevokeApiKey } from './api-key.commands';
import {
  ApiKeyAlreadyExistsError,
  ApiKeyNameRequiredError,
  ApiKeyNotFoundError,
  ApiKeyReasonRequiredError,
  ApiKeyRoleNotAllowedError,
  ApiKeyRolesInvalidError,
  ApiKeySecretHashInvalidError,
} from './api-key.errors';
import type { ApiKeyEvent } from './api-key.events';
import { type ApiKeyState, evolve, initialState } from './api-key.state';

/**
 * Roles a key may carry. A rep or a manager is a member of the team directory whose pipeline is the
 * records they own or their team owns; a key belongs to no team and owns nothing, so those roles
 * would scope it to nothing (rep) or to everything (a manager without a team): both refused.
 */
export const API_KEY_ROLES: readonly Role[] = ['admin', 'auditor', 'analyst'];

const SHA256_BASE64URL = /^[A-Za-z0-9_-]{43}$/;
const MAX_NAME = 100;
const MAX_REASON = 500;

const isBlank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';

/** Roles arrive from JSON, so the type alone does not guarantee a non-empty list of distinct known roles. */
const checkRoles = (roles: readonly Role[]): void => {
  if (!Array.isArray(roles) || roles.length === 0 || new Set(roles).size !== roles.length) throw new ApiKeyRolesInvalidError();
  for (const role of roles) {
    if (!(ROLES as readonly unknown[]).includes(role)) throw new ApiKeyRolesInvalidError();
    if (!API_KEY_ROLES.includes(role)) throw new ApiKeyRoleNotAllowedError(role);
  }
};

const issue = (command: IssueApiKey, state: ApiKeyState): ApiKeyEvent[] => {
  if (state.status !== 'initial') throw new ApiKeyAlreadyExistsError(command.keyId);
  if (isBlank(command.name) || command.name.length > MAX_NAME) throw new ApiKeyNameRequiredError();
  checkRoles(command.roles);
  if (typeof command.secretHash !== 'string' || !SHA256_BASE64URL.test(command.secretHash)) throw new ApiKeySecretHashInvalidError();
  const { keyId, name, roles, secretHash } = command;
  return [{ type: 'ApiKeyIssued', data: { keyId, name, roles: [...roles], secretHash, issuedAt: command.at, issuedBy: command.by } }];
};

/** Revoking a revoked key changes nothing (a retry, or two admins at once). */
const revoke = (command: RevokeApiKey, state: ApiKeyState): ApiKeyEvent[] => {
  if (state.status === 'initial') throw new ApiKeyNotFoundError(command.keyId);
  if (isBlank(command.reason) || command.reason.length > MAX_REASON) throw new ApiKeyReasonRequiredError();
  if (state.status === 'revoked') return [];
  return [{ type: 'ApiKeyRevoked', data: { keyId: state.keyId, reason: command.reason, revokedAt: command.at, revokedBy: command.by } }];
};

export const decide = (command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] => {
  switch (command.type) {
    case 'IssueApiKey':
      return issue(command, state);
    case 'RevokeApiKey':
      return revoke(command, state);
    default:
      return exhaustive(command);
  }
};

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyState, ApiKeyEvent> = { initialState, decide, evolve, version: 1 };
