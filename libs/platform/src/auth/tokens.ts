import { JwtService } from '@nestjs/jwt';
import { type KeyObject, createSecretKey } from 'node:crypto';
import { type Actor, ROLES, type Role } from '@ledger/event-sourcing';

const ALGORITHM = 'HS256';

/**
 * The key as a KeyObject, made once: given a plain string, jsonwebtoken first tries (and fails)
 * to parse it as a public key on every verification, which cost a third of the API's CPU.
 */
export const signingKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

export type TokenClaims = { sub: string; role: Role };

export const issueToken = (secret: string, actor: { userId: string; role: Role }, ttlSeconds: number): string =>
  new JwtService().sign({ role: actor.role } satisfies Omit<TokenClaims, 'sub'>, {
    secret,
    algorithm: ALGORITHM,
    subject: actor.userId,
    expiresIn: ttlSeconds,
  });

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Whom a valid token speaks for, and when it was issued (`iat`, whole seconds since the epoch; 0 when absent). */
export type VerifiedToken = { readonly actor: Actor; readonly issuedAtSeconds: number };

/** Only HS256 with our key is accepted; `exp` is required and checked, as are `sub` and a known `role`. */
export async function verifyToken(jwt: JwtService, key: KeyObject, token: string): Promise<VerifiedToken> {
  let claims: Partial<TokenClaims> & { exp?: number; iat?: number };
  try {
    // The typings say string | Buffer; jsonwebtoken takes a KeyObject as well.
    claims = await jwt.verifyAsync(token, { secret: key as unknown as Buffer, algorithms: [ALGORITHM] });
  } catch (error) {
    throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
  }
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('token has no expiry');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('token has no subject');
  if (!ROLES.includes(claims.role as Role)) throw new InvalidTokenError('token has no known role');
  return { actor: { userId: claims.sub, role: claims.role as Role }, issuedAtSeconds: typeof claims.iat === 'number' ? claims.iat : 0 };
}
