import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, ZodValidationPipe } from '@waybill/service-kit';
import { LoginService } from '../login/login.service';
import { Access, CurrentPrincipal } from '../policy/access.decorator';
import { Principal, STAFF_ROLES } from '../principal';
import { IssuedToken } from '../tokens/staff-tokens';
import { StaffUser } from '../users/staff-users.service';
import { RateLimit } from './rate-limits';
import { LoginRequest } from './access-requests';

/** What a sign-in and a renewal answer. */
function signedIn(user: StaffUser, token: IssuedToken, response: Response) {
  response.setHeader('Cache-Control', 'no-store');
  return {
    accessToken: token.accessToken,
    tokenType: 'Bearer',
    expiresIn: token.expiresIn,
    expiresAt: token.expiresAt.toISOString(),
    sessionEndsAt: token.sessionEndsAt?.toISOString(),
    user: { id: user.id, email: user.email, role: user.role },
  };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  /** Email and password for a short-lived bearer token. One answer for an unknown email and a wrong password. */
  @Post('login')
  @HttpCode(200)
  @Access('public')
  @RateLimit('login')
  @ApiZodBody(LoginRequest)
  @ApiOkResponse({ description: '`{ accessToken, tokenType: "Bearer", expiresIn, expiresAt, sessionEndsAt, user }`' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins: try again after `Retry-After` seconds' })
  async login(
    @Body(new ZodValidationPipe(LoginRequest)) body: z.infer<typeof LoginRequest>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.logins.login(body.email, body.password, request.ip ?? 'unknown');
    if (outcome.ok) return signedIn(outcome.user, outcome.token, response);
    if (outcome.reason === 'locked') {
      const retryAfterSeconds = Math.ceil(outcome.retryAfterMs / 1000);
      response.setHeader('Retry-After', String(retryAfterSeconds));
      throw new HttpException(
        { statusCode: 429, message: 'too many failed logins; try again later', retryAfterSeconds },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    throw new UnauthorizedException({ statusCode: 401, message: 'invalid email or password' });
  }

  /**
   * A new token for the same sign-in, asked for with a still-valid one; 401 once the user is
   * deleted, their password changed, or the session reached its maximum length (12 h default).
   */
  @Post('renew')
  @HttpCode(200)
  @Access(STAFF_ROLES)
  @ApiOkResponse({ description: 'Same answer as login; `expiresAt` never later than the session\'s end' })
  @ApiUnauthorizedResponse({ description: 'Sign in again: user deleted, password changed or session over' })
  async renew(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response) {
    if (principal.kind !== 'staff') throw new UnauthorizedException();
    const outcome = await this.logins.renew(principal);
    if (outcome.ok) return signedIn(outcome.user, outcome.token, response);
    const message = {
      user_gone: 'this account no longer exists',
      password_changed: 'the password changed since this sign-in; sign in again',
      session_ended: 'the session reached its maximum length; sign in again',
    }[outcome.reason];
    throw new UnauthorizedException({ statusCode: 401, message, reason: outcome.reason });
  }

  /** Who the bearer token belongs to (the web pages ask after login and on reload). */
  @Get('me')
  @Access(STAFF_ROLES)
  me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind !== 'staff') throw new UnauthorizedException();
    return { id: principal.userId, email: principal.email, role: principal.role, expiresAt: principal.expiresAt.toISOString() };
  }
}
