import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ApiZodBody, ApiZodQuery, SERVICE_SETTINGS, ServiceSettings, ZodValidationPipe } from '@waybill/service-kit';
import { NotificationKindSchema } from '../rules/notification-rules';
import { addressKey, isValidOptOutToken } from './opt-out-token';
import { PreferencesStore } from './preferences.store';
import { Access, RateLimit } from '@waybill/access';

const AddressQuerySchema = z.object({
  address: z.string().min(3).max(320),
  token: z.string().min(1).max(100),
});
type AddressQuery = z.infer<typeof AddressQuerySchema>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');

const PreferencesRequestSchema = z
  .object({
    optedOut: z.boolean().optional(),
    optedOutKinds: z.array(NotificationKindSchema).max(20).optional(),
    quietHours: z.object({ start: LocalTime, end: LocalTime }).nullable().optional(),
    timeZone: z
      .string()
      .refine((zone) => DateTime.local().setZone(zone).isValid, 'must be an IANA time zone, e.g. "Europe/Paris"')
      .nullable()
      .optional(),
  })
  .strict();
type PreferencesRequest = z.infer<typeof PreferencesRequestSchema>;

/**
 * Recipient preferences, reached only through the token in the links of their messages. A
 * wrong token and an unknown address get the same 404.
 */
// Customers hold no login: the address token in their messages is checked by each handler.
@Access('customer')
@RateLimit('tracking')
@ApiTags('notifications')
@Controller('notifications')
export class PreferencesController {
  constructor(
    private readonly preferences: PreferencesStore,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  private checked(query: AddressQuery): string {
    if (!isValidOptOutToken(query.address, query.token, this.settings.trackingTokenSecret)) {
      throw new NotFoundException({ statusCode: 404, message: 'unknown address or token' });
    }
    return addressKey(query.address);
  }

  /** The one-click link in every message: stops all messages to this address. */
  @Get('opt-out')
  @ApiZodQuery(AddressQuerySchema)
  async optOutByLink(@Query(new ZodValidationPipe(AddressQuerySchema)) query: AddressQuery) {
    const address = this.checked(query);
    await this.preferences.update(address, { optedOut: true });
    return { address, optedOut: true, message: 'You will receive no more parcel notifications at this address.' };
  }

  /** RFC 8058 one-click unsubscribe (`List-Unsubscribe-Post`), as mail clients send it. */
  @Post('opt-out')
  @HttpCode(200)
  @ApiZodQuery(AddressQuerySchema)
  async optOutOneClick(@Query(new ZodValidationPipe(AddressQuerySchema)) query: AddressQuery) {
    return this.optOutByLink(query);
  }

  @Get('preferences')
  @ApiZodQuery(AddressQuerySchema)
  async get(@Query(new ZodValidationPipe(AddressQuerySchema)) query: AddressQuery) {
    const address = this.checked(query);
    return { address, ...(await this.preferences.get(address)) };
  }

  @Put('preferences')
  @ApiZodQuery(AddressQuerySchema)
  @ApiZodBody(PreferencesRequestSchema)
  async update(
    @Query(new ZodValidationPipe(AddressQuerySchema)) query: AddressQuery,
    @Body(new ZodValidationPipe(PreferencesRequestSchema)) body: PreferencesRequest,
  ) {
    const address = this.checked(query);
    return { address, ...(await this.preferences.update(address, body)) };
  }
}
