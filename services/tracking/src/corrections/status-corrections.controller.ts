import { Body, ConflictException, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiZodBody, transactionWithRetry, ZodValidationPipe } from '@waybill/service-kit';
import { Access, CurrentPrincipal, Principal } from '@waybill/access';
import { StatusOverrides } from '../overrides/status-overrides.service';
import { TRACKING } from '../tracking.constants';
import { actorOf } from './actor';
import { StatusCorrectionRequest } from './status-correction.request';

/** Staff correct a final status; the change is audited and announced like any other status change. */
@ApiTags('tracking')
@Controller('shipments')
export class StatusCorrectionsController {
  constructor(
    @InjectDataSource(TRACKING) private readonly dataSource: DataSource,
    private readonly overrides: StatusOverrides,
  ) {}

  @Access(['admin', 'dispatcher'])
  @Post(':id/status-corrections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Correct a final status (delivered, returned, cancelled, expired); emits tracking.status_changed with `correction`' })
  @ApiZodBody(StatusCorrectionRequest)
  @ApiResponse({ status: 201, description: 'The audit record of the correction' })
  @ApiResponse({ status: 400, description: '`{field, reason}` for each invalid field' })
  @ApiResponse({ status: 404, description: 'Tracking does not know this shipment' })
  @ApiResponse({ status: 409, description: 'The shipment is not in a final status, or already has the requested one' })
  async correct(
    @Param('id', new ZodValidationPipe(z.uuid(), 'id')) id: string,
    @Body(new ZodValidationPipe(StatusCorrectionRequest)) body: z.infer<typeof StatusCorrectionRequest>,
    @CurrentPrincipal() principal: Principal | undefined,
  ) {
    const result = await transactionWithRetry(this.dataSource, (manager) =>
      this.overrides.correct(manager, id, body, actorOf(principal)),
    );
    switch (result.outcome) {
      case 'unknown_shipment':
        throw new NotFoundException({ statusCode: 404, message: 'shipment not tracked' });
      case 'not_final':
        throw new ConflictException({
          statusCode: 409,
          message: `the shipment is ${result.current}, not in a final status: its scans still decide the status`,
          status: result.current,
        });
      case 'same':
        throw new ConflictException({ statusCode: 409, message: `the shipment is already ${result.current}`, status: result.current });
      case 'applied': {
        const { correction } = result;
        return { ...correction, correctedAt: correction.correctedAt.toISOString() };
      }
    }
  }
}
