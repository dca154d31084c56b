import { Body, Controller, Headers, HttpCode, Inject, PayloadTooLargeException, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, SERVICE_SETTINGS, ServiceSettings, ZodValidationPipe } from '@waybill/service-kit';
import { ContentTypeGuard } from '../http/content-type.guard';
import { CreateShipmentBatchRequest, MAX_BATCH_SHIPMENTS } from '../shipments/create-shipment.request';
import { IDEMPOTENCY_HEADER } from '../shipments/shipments.controller';
import { CSV_COLUMNS, REQUIRED_CSV_COLUMNS } from './csv-columns';
import { MAX_CSV_BYTES, MAX_CSV_ROWS, ShipmentImportsService } from './shipment-imports.service';
import { Access } from '@waybill/access';

const BatchBody = z.array(z.unknown(), { error: 'must be a JSON array of shipments' }).min(1, 'must hold at least one shipment');

@Access({ roles: ['admin', 'dispatcher'], scopes: ['shipments:write'] })
@ApiTags('shipments')
@Controller('shipments')
export class ShipmentImportsController {
  constructor(
    private readonly imports: ShipmentImportsService,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  @Post('batch')
  @HttpCode(200)
  @UseGuards(ContentTypeGuard('application/json'))
  @ApiOperation({
    summary: `Register up to ${MAX_BATCH_SHIPMENTS} shipments; one result per row (created, duplicate or invalid)`,
  })
  @ApiZodBody(CreateShipmentBatchRequest)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 413, description: `More than ${MAX_BATCH_SHIPMENTS} shipments, or a body over 5 MB` })
  async batch(
    @Body(new ZodValidationPipe(BatchBody)) rows: unknown[],
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (rows.length > MAX_BATCH_SHIPMENTS) {
      throw new PayloadTooLargeException({
        statusCode: 413,
        error: 'Payload Too Large',
        message: `a batch holds at most ${MAX_BATCH_SHIPMENTS} shipments; got ${rows.length}`,
      });
    }
    const result = await this.imports.batch(rows, idempotencyKey, this.settings);
    response.status(result.statusCode);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Post('import')
  @HttpCode(200)
  @UseGuards(ContentTypeGuard('text/csv'))
  @ApiOperation({
    summary: `Import up to ${MAX_CSV_ROWS} shipments from a CSV body (text/csv, streamed); one result per line`,
    description:
      `Header line required. Columns: ${Object.keys(CSV_COLUMNS).join(', ')}. ` +
      `Required: ${REQUIRED_CSV_COLUMNS.join(', ')}. One parcel per row.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 413, description: `More than ${MAX_CSV_ROWS} rows or ${MAX_CSV_BYTES} bytes; nothing is committed` })
  @ApiResponse({ status: 415, description: 'Not text/csv' })
  async importCsv(@Req() request: Request) {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_CSV_BYTES) {
      throw new PayloadTooLargeException({
        statusCode: 413,
        error: 'Payload Too Large',
        message: `a CSV upload is at most ${MAX_CSV_BYTES} bytes`,
      });
    }
    return this.imports.importCsv(request, this.settings);
  }
}
