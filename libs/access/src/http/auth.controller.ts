import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, ZodValidationPipe } from '@waybill/service-kit';
import { LoginService } from '../login/login.service';
import { Access, CurrentPrincipal } from '../policy/access.decorator';
import { Principal, STAFF_ROLES } from '../principal';
import { RateLimit } from './rate-limits';
import { LoginRequest } from './access-requests';

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
  @ApiOkResponse({ description: '`{ accessToken, tokenType: "Bearer", expiresIn, expiresAt, user }`' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins: try again after `Retry-After` seconds' })
  async login(
    @Body(new ZodValidationPipe(LoginRequest)) body: z.infer<typeof LoginRequest>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.logins.login(body.email, body.password, request.ip ?? 'unknown');
    if (outcome.ok) {
      const { user, token } = outcome;
      response.setHeader('Cache-Control', 'no-store');
      return {
        accessToken: token.accessToken,
        tokenType: 'Bearer',
        expiresIn: token.expiresIn,
        expiresAt: token.expiresAt.toISOString(),
        user: { id: user.id, email: user.email, role: user.role },
      };
    }
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

  /** Who the bearer token belongs to (the web pages ask after login and on reload). */
  @Get('me')
  @Access(STAFF_ROLES)
  me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind !== 'staff') throw new UnauthorizedException();
    return { id: principal.userId, email: principal.email, role: principal.role, expiresAt: principal.expiresAt.toISOString() };
  }
}
