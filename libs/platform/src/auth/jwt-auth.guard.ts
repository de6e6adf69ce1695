import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, type OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Actor, Role } from '@ledger/event-sourcing';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ALLOWED_ROLES, IS_PUBLIC } from './auth.decorators';
import { TokenAuthority } from './token-authority';
import { InvalidTokenError, signingKey, type VerifiedToken, verifyToken } from './tokens';
import type { KeyObject } from 'node:crypto';

type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; actor?: Actor };

/**
 * Every route needs a bearer JWT unless marked @Public(), which the TokenAuthority (the team
 * directory) still honours; @Roles() narrows who may call it.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate, OnModuleInit {
  private readonly key: KeyObject;
  private authority!: TokenAuthority;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly modules: ModuleRef,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = signingKey(config.jwtSecret);
  }

  /** The authority is provided by whichever module owns the directory; an app without one does not start. */
  onModuleInit(): void {
    this.authority = this.modules.get(TokenAuthority, { strict: false });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required (Authorization: Bearer <jwt>)');
    let token: VerifiedToken;
    try {
      token = await verifyToken(this.jwt, this.key, match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`Invalid token: ${error.message}`);
      throw error;
    }
    await this.authority.confirm(token);
    request.actor = token.actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(request.actor.role as Role)) {
      throw new ForbiddenException(`Role "${request.actor.role}" may not do this; allowed: ${allowed.join(', ')}`);
    }
    return true;
  }
}
