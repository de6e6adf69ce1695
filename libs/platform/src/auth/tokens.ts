import { JwtService } from '@nestjs/jwt';
import { type Actor, ROLES, type Role } from '@ledger/event-sourcing';

const ALGORITHM = 'HS256';

export type TokenClaims = { sub: string; role: Role };

export const issueToken = (secret: string, actor: Actor, ttlSeconds: number): string =>
  new JwtService().sign({ role: actor.role } satisfies Omit<TokenClaims, 'sub'>, {
    secret,
    algorithm: ALGORITHM,
    subject: actor.userId,
    expiresIn: ttlSeconds,
  });

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Only HS256 with our key is accepted; `exp` is required and checked, as are `sub` and a known `role`. */
export async function verifyToken(jwt: JwtService, secret: string, token: string): Promise<Actor> {
  let claims: Partial<TokenClaims> & { exp?: number };
  try {
    claims = await jwt.verifyAsync(token, { secret, algorithms: [ALGORITHM] });
  } catch (error) {
    throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
  }
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('token has no expiry');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('token has no subject');
  if (!ROLES.includes(claims.role as Role)) throw new InvalidTokenError('token has no known role');
  return { userId: claims.sub, role: claims.role as Role };
}
