import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;
const CREDENTIAL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * SHA-256, not a slow password KDF (scrypt, argon2): the secret is 32 random bytes (256 bits), not a
 * password a person chose, so no dictionary or brute force gets anywhere near it and a slow hash
 * would only cost every request its time. What the store leaks is a hash nobody can invert.
 */
export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('base64url');

/** A new secret (shown to the admin once) and the hash the log keeps. */
export function newApiKeySecret(): { readonly secret: string; readonly secretHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, secretHash: hashApiKeySecret(secret) };
}

/** Constant-time comparison of the hash of what the client sent with the stored one. */
export function apiKeySecretMatches(secret: string, secretHash: string): boolean {
  const given = Buffer.from(hashApiKeySecret(secret), 'base64url');
  const stored = Buffer.from(secretHash, 'base64url');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** What a client sends after `ApiKey `: `<key id>.<secret>`. */
export const apiKeyCredential = (keyId: string, secret: string): string => `${keyId}.${secret}`;

export function parseApiKeyCredential(credential: string): { readonly keyId: string; readonly secret: string } | null {
  const match = CREDENTIAL.exec(credential);
  return match ? { keyId: match[1], secret: match[2] } : null;
}

/** The actor's user id on whatever a key writes: auditors see which integration wrote what. */
export const apiKeyPrincipal = (keyId: string): string => `api-key:${keyId}`;
