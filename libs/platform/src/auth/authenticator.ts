import { ForbiddenException, Inject, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import type { Actor, Role } from '@ledger/event-sourcing';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProblemException } from '../http/problem';
import { ApiKeyAuthority } from './api-key-authority';
import { TokenAuthority } from './token-authority';
import { InvalidTokenError, signingKey, verifyToken } from './tokens';

/** Whom a request's credential speaks for, and in which roles; a token carries one role, an API key one or more. */
export type Credential = { readonly principal: string; readonly roles: readonly Role[] };

/**
 * When a credential holds several roles (an API key), it acts in the first of these that the route
 * allows: the most privileged, so that a key issued [admin, analyst] writes as admin and a key
 * [auditor, analyst] reads as an auditor (who sees contacts' personal fields, which analysts do not).
 */
export const ROLES_BY_PRIVILEGE: readonly Role[] = ['admin', 'auditor', 'analyst', 'manager', 'rep'];

const BEARER = /^Bearer\s+(\S+)$/i;
const API_KEY = /^ApiKey\s+(\S+)$/i;

/**
 * The one authentication path of the API (the guard of every route, and /metrics): a bearer JWT the
 * team directory still honours (TokenAuthority), or an API key an admin issued and has not revoked
 * (ApiKeyAuthority). `Bearer` always means a JWT, so the two schemes are never confused.
 */
@Injectable()
export class Authenticator implements OnModuleInit {
  private readonly key: KeyObject;
  private tokenAuthority!: TokenAuthority;
  private apiKeyAuthority: ApiKeyAuthority | null = null;

  constructor(
    private readonly jwt: JwtService,
    private readonly modules: ModuleRef,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = signingKey(config.jwtSecret);
  }

  /** The authorities are provided by whichever modules own the directory and the keys; an app without a directory does not start. */
  onModuleInit(): void {
    this.tokenAuthority = this.modules.get(TokenAuthority, { strict: false });
    try {
      this.apiKeyAuthority = this.modules.get(ApiKeyAuthority, { strict: false });
    } catch {
      this.apiKeyAuthority = null;
    }
  }

  /** The actor for a route that admits `allowed` roles (undefined: every role): 401 without a valid credential, 403 when no role of it is allowed. */
  async authenticate(header: string | string[] | undefined, allowed: readonly Role[] | undefined): Promise<Actor> {
    const { principal, roles } = await this.credentialOf(header);
    const role = ROLES_BY_PRIVILEGE.find((candidate) => roles.includes(candidate) && (allowed === undefined || allowed.includes(candidate)));
    if (role === undefined) throw new ForbiddenException(`Role "${roles.join('", "')}" may not do this; allowed: ${allowed?.join(', ')}`);
    return { userId: principal, role };
  }

  private async credentialOf(header: string | string[] | undefined): Promise<Credential> {
    const value = typeof header === 'string' ? header : undefined;
    const bearer = value === undefined ? null : BEARER.exec(value);
    if (bearer) return this.tokenCredential(bearer[1]);
    const apiKey = value === undefined ? null : API_KEY.exec(value);
    if (apiKey) {
      if (this.apiKeyAuthority === null) throw new ProblemException(401, 'invalid-api-key', 'This API key is not valid');
      return this.apiKeyAuthority.authenticate(apiKey[1]);
    }
    throw new UnauthorizedException('A bearer token or an API key is required (Authorization: Bearer <jwt>, or ApiKey <id>.<secret>)');
  }

  private async tokenCredential(jwt: string): Promise<Credential> {
    try {
      const token = await verifyToken(this.jwt, this.key, jwt);
      await this.tokenAuthority.confirm(token);
      return { principal: token.actor.userId, roles: [token.actor.role as Role] };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`Invalid token: ${error.message}`);
      throw error;
    }
  }
}
