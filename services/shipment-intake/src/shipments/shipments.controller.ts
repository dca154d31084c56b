import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SERVICE_LEVELS, SHIPMENT_STATUSES, SLA_STATES } from '@waybill/contracts';
import { ApiZodBody, SERVICE_SETTINGS, ServiceSettings, ZodValidationPipe } from '@waybill/service-kit';
import { ContentTypeGuard } from '../http/content-type.guard';
import { CancelShipmentRequest, CorrectShipmentRequest } from './correct-shipment.request';
import { CreateShipmentRequest } from './create-shipment.request';
import { ListShipmentsQuery } from './list-shipments.query';
import { toShipmentResponse } from './shipment.response';
import { ShipmentsService } from './shipments.service';
import { Access } from '@waybill/access';

const ShipmentId = new ZodValidationPipe(z.uuid(), 'id');

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Same key and same body: the first response again, nothing new is created. Same key, another body: 422.',
};

@Access(['admin', 'dispatcher', 'ops'])
@ApiTags('shipments')
@Controller('shipments')
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  /** Answers 201 only after the shipment and its event are committed. */
  @Access({ roles: ['admin', 'dispatcher'], scopes: ['shipments:write'] })
  @Post()
  @UseGuards(ContentTypeGuard('application/json'))
  @ApiOperation({ summary: 'Register a shipment; the promise comes from the SLA policy unless promisedBy is given' })
  @ApiZodBody(CreateShipmentRequest)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 201, description: 'Registered (or the stored answer to the same Idempotency-Key)' })
  @ApiResponse({ status: 409, description: 'merchantReference already registered (existingShipmentId given)' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used with another body' })
  async create(
    // Typed through z.infer: naming the schema's value would put a zod object into the design
    // metadata, where OpenAPI expects a class.
    @Body(new ZodValidationPipe(CreateShipmentRequest)) body: z.infer<typeof CreateShipmentRequest>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.shipments.create(body, request.body, idempotencyKey, this.settings);
    response.status(result.statusCode);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'List shipments, newest first, with filters and cursor pagination' })
  @ApiQuery({ name: 'status', required: false, enum: SHIPMENT_STATUSES })
  @ApiQuery({ name: 'slaState', required: false, enum: SLA_STATES })
  @ApiQuery({ name: 'serviceLevel', required: false, enum: SERVICE_LEVELS })
  @ApiQuery({ name: 'carrier', required: false })
  @ApiQuery({ name: 'merchantReference', required: false })
  @ApiQuery({ name: 'createdFrom', required: false, description: 'ISO date-time, inclusive' })
  @ApiQuery({ name: 'createdTo', required: false, description: 'ISO date-time, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async list(@Query(new ZodValidationPipe(ListShipmentsQuery)) query: z.infer<typeof ListShipmentsQuery>) {
    const page = await this.shipments.list(query);
    return { items: page.items.map((s) => toShipmentResponse(s, this.settings)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id', ShipmentId) id: string) {
    const shipment = await this.shipments.findById(id);
    if (!shipment) throw new NotFoundException({ statusCode: 404, message: 'shipment not found' });
    return toShipmentResponse(shipment, this.settings);
  }

  @Access({ roles: ['admin', 'dispatcher'], scopes: ['shipments:write'] })
  @Patch(':id')
  @UseGuards(ContentTypeGuard('application/json'))
  @ApiOperation({ summary: 'Correct the recipient contact or an address; emits shipment.updated' })
  @ApiZodBody(CorrectShipmentRequest)
  @ApiResponse({ status: 409, description: 'The shipment is cancelled or final' })
  async correct(
    @Param('id', ShipmentId) id: string,
    @Body(new ZodValidationPipe(CorrectShipmentRequest)) body: z.infer<typeof CorrectShipmentRequest>,
  ) {
    return toShipmentResponse(await this.shipments.correct(id, body), this.settings);
  }

  @Access({ roles: ['admin', 'dispatcher'], scopes: ['shipments:write'] })
  @Post(':id/cancel')
  @HttpCode(200)
  @UseGuards(ContentTypeGuard('application/json'))
  @ApiOperation({ summary: 'Cancel a shipment; emits shipment.cancelled' })
  @ApiZodBody(CancelShipmentRequest, 'optional')
  @ApiResponse({ status: 409, description: 'The shipment is delivered (or in another final status)' })
  async cancel(
    @Param('id', ShipmentId) id: string,
    @Body(new ZodValidationPipe(CancelShipmentRequest.optional())) body: CancelShipmentRequest | undefined,
  ) {
    return toShipmentResponse(await this.shipments.cancel(id, body ?? {}), this.settings);
  }
}
