import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody, ZodValidationPipe } from '@waybill/service-kit';
import { CreateSubscriptionRequest, CreateSubscriptionSchema, DeliveryLogQuery, DeliveryLogQuerySchema } from './webhook-requests';
import { WebhookSubscription, WebhookSubscriptions } from './webhook-subscriptions.service';
import { Access } from '@waybill/access';

const IdPipe = new ZodValidationPipe(z.uuid(), 'id');

/** The secret is shown once, when the subscription is made. */
function withoutSecret({ secret: _secret, ...subscription }: WebhookSubscription) {
  return subscription;
}

@Access(['admin', 'ops'])
@ApiTags('webhooks')
@Controller('webhooks/subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptions) {}

  /** Subscribes an endpoint to event types; the answer carries the signing secret, once. */
  @Post()
  @HttpCode(201)
  @ApiZodBody(CreateSubscriptionSchema)
  create(@Body(new ZodValidationPipe(CreateSubscriptionSchema)) body: CreateSubscriptionRequest) {
    return this.subscriptions.create(body);
  }

  @Get()
  async list() {
    return (await this.subscriptions.list()).map(withoutSecret);
  }

  @Get(':id')
  async get(@Param('id', IdPipe) id: string) {
    return withoutSecret(await this.subscriptions.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', IdPipe) id: string): Promise<void> {
    await this.subscriptions.remove(id);
  }

  /** Re-enables an endpoint that was disabled after repeated failures. */
  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param('id', IdPipe) id: string) {
    return withoutSecret(await this.subscriptions.enable(id));
  }

  /** The delivery log: every attempt, with its outcome, status code and error. */
  @Get(':id/deliveries')
  @ApiQuery({ name: 'limit', required: false, type: Number })
  deliveries(@Param('id', IdPipe) id: string, @Query(new ZodValidationPipe(DeliveryLogQuerySchema)) query: DeliveryLogQuery) {
    return this.subscriptions.deliveries(id, query.limit);
  }
}
