import { CanActivate, ExecutionContext, Injectable, mixin, Type, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * 415 for a body in another media type than the route reads. A request without a body passes, so
 * `POST /shipments/:id/cancel` needs none and a missing create body is a 400 from validation.
 */
export function ContentTypeGuard(...types: string[]): Type<CanActivate> {
  @Injectable()
  class RequireContentType implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<Request>();
      const empty = request.headers['content-length'] === '0' && !request.headers['transfer-encoding'];
      if (!empty && request.is(types) === false) {
        throw new UnsupportedMediaTypeException({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `send the body as ${types.join(' or ')}`,
        });
      }
      return true;
    }
  }
  return mixin(RequireContentType);
}
