import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ANONYMOUS, Principal } from '../principal';
import { AccessPolicy, describePolicy, isOpenPolicy } from './access-policy';

export const ACCESS_POLICY = 'waybill:access-policy';

/**
 * Declares who may use a route (on a handler or a whole controller; the handler's wins) or a
 * Socket.IO gateway. The global AccessGuard denies every route that has none.
 */
export function Access(policy: AccessPolicy): ClassDecorator & MethodDecorator {
  const decorators: Array<ClassDecorator | MethodDecorator> = [SetMetadata(ACCESS_POLICY, policy)];
  if (!isOpenPolicy(policy)) {
    decorators.push(ApiBearerAuth());
    const scopes = Array.isArray(policy) ? [] : ((policy as { scopes?: string[] }).scopes ?? []);
    if (scopes.length > 0) decorators.push(ApiSecurity('api-key'));
  }
  return applyDecorators(...decorators) as ClassDecorator & MethodDecorator;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The caller the guard established (anonymous on open routes). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal ?? ANONYMOUS,
);

export { describePolicy };
