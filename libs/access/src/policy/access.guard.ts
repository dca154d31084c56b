import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { looksLikeApiKey } from '../api-keys/api-key-format';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ANONYMOUS, Principal } from '../principal';
import { InvalidTokenError, StaffTokens } from '../tokens/staff-tokens';
import { AccessPolicy, decideAccess, isOpenPolicy } from './access-policy';
import { ACCESS_POLICY, RequestWithPrincipal } from './access.decorator';
import { isOpenPath } from './open-paths';

function refuse(response: Response, description: string): UnauthorizedException {
  response.setHeader('WWW-Authenticate', `Bearer realm="waybill", error="invalid_token", error_description="${description}"`);
  return new UnauthorizedException({ statusCode: 401, message: description });
}

/**
 * The global guard: reads the route's @Access policy, authenticates the caller (staff JWT in
 * `Authorization: Bearer`, integration key in `X-API-Key` or `Authorization: Bearer wbk_…`)
 * and answers 401 (no or bad credentials) or 403 (not allowed). A route with no policy is
 * refused to everyone, unless it is one of the few OPEN_PATHS.
 * Socket.IO gateways are checked at their handshake instead (see socket/handshake-access.ts).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: StaffTokens,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const response = context.switchToHttp().getResponse<Response>();
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === undefined) {
      if (isOpenPath(request.method, request.path)) return true;
      throw new ForbiddenException({ statusCode: 403, message: 'this route declares no access policy' });
    }
    // Open routes never read credentials: an expired token must not stop a login or a tracking page.
    if (isOpenPolicy(policy)) {
      request.principal = ANONYMOUS;
      return true;
    }
    const principal = await this.authenticate(request, response);
    request.principal = principal;
    const decision = decideAccess(policy, principal);
    if (decision === 'allow') return true;
    if (decision === 'unauthenticated') {
      response.setHeader('WWW-Authenticate', 'Bearer realm="waybill"');
      throw new UnauthorizedException({ statusCode: 401, message: 'sign in or send an API key' });
    }
    throw new ForbiddenException({ statusCode: 403, message: 'not allowed for this role or key' });
  }

  private async authenticate(request: Request, response: Response): Promise<Principal> {
    const headerKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    if (headerKey !== undefined) {
      const principal = typeof headerKey === 'string' ? await this.keys.authenticate(headerKey.trim()) : null;
      if (!principal) throw refuse(response, 'invalid API key');
      return principal;
    }
    if (authorization === undefined) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw refuse(response, 'use Authorization: Bearer <token>');
    const credential = match[1];
    if (looksLikeApiKey(credential)) {
      const principal = await this.keys.authenticate(credential);
      if (!principal) throw refuse(response, 'invalid API key');
      return principal;
    }
    try {
      return await this.tokens.verify(credential);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw refuse(response, error.message);
      throw error;
    }
  }
}
