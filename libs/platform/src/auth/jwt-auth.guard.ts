import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@ledger/event-sourcing';
import { ALLOWED_ROLES, IS_PUBLIC } from './auth.decorators';
import { Authenticator } from './authenticator';

type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; actor?: Actor };

/**
 * Every route needs a bearer JWT the TokenAuthority (the team directory) still honours, or a valid
 * API key, unless marked @Public(); @Roles() narrows who may call it.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    request.actor = await this.authenticator.authenticate(request.headers.authorization, allowed);
    return true;
  }
}
