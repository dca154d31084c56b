import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACCESS_SETTINGS } from './access.constants';
import { ApiKeyCache } from './api-keys/api-key-cache';
import { ApiKeyChanges } from './api-keys/api-key-changes';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AccessSettings } from './config/access-config';
import { accessDatabase } from './database/access-database';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthController } from './http/auth.controller';
import { StaffUsersController } from './http/staff-users.controller';
import { LoginFailuresStore } from './login/login-failures.store';
import { LoginService } from './login/login.service';
import { AccessGuard } from './policy/access.guard';
import { StaffTokens } from './tokens/staff-tokens';
import { StaffUsersService } from './users/staff-users.service';

/**
 * Who gets in, for every service a process hosts: the `access` identity store, login and admin
 * endpoints, and the global AccessGuard that enforces each route's @Access policy. Import it
 * once per process (it is global: gateways can inject StaffTokens).
 */
@Module({})
export class AccessModule {
  static register(settings: AccessSettings): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      imports: [accessDatabase(settings.databaseUrl)],
      controllers: settings.endpoints === false ? [] : [AuthController, StaffUsersController, ApiKeysController],
      providers: [
        { provide: ACCESS_SETTINGS, useValue: settings },
        { provide: StaffTokens, useValue: new StaffTokens(settings.jwtSecret, settings.jwtTtlSeconds) },
        StaffUsersService,
        { provide: ApiKeyCache, useValue: new ApiKeyCache() },
        ApiKeyChanges,
        ApiKeysService,
        LoginFailuresStore,
        LoginService,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ACCESS_SETTINGS, StaffTokens, StaffUsersService, ApiKeysService],
    };
  }
}
