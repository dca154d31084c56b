import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiTags } from '@nestjs/swagger';
import { ApiZodBody, SERVICE_SETTINGS, ServiceSettings, ZodValidationPipe } from '@waybill/service-kit';
import { CreateShipmentRequest } from './create-shipment.request';
import { toShipmentResponse } from './shipment.response';
import { ShipmentsService } from './shipments.service';

@ApiTags('shipments')
@Controller('shipments')
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  /** Answers 201 only after the shipment and its event are committed. */
  @Post()
  @ApiZodBody(CreateShipmentRequest)
  @HttpCode(201)
  async create(@Body(new ZodValidationPipe(CreateShipmentRequest)) body: CreateShipmentRequest) {
    const shipment = await this.shipments.create(body);
    return toShipmentResponse(shipment, this.settings.trackingTokenSecret, this.settings.publicBaseUrl);
  }

  @Get(':id')
  async get(@Param('id', new ZodValidationPipe(z.uuid(), 'id')) id: string) {
    const shipment = await this.shipments.findById(id);
    if (!shipment) throw new NotFoundException({ statusCode: 404, message: 'shipment not found' });
    return toShipmentResponse(shipment, this.settings.trackingTokenSecret, this.settings.publicBaseUrl);
  }
}
