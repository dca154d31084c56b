import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '@waybill/service-kit';
import { StatusCorrectionEntity } from '../corrections/status-correction.entity';
import { TimelineReader } from './timeline.reader';
import { Access } from '@waybill/access';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Who corrected the status, when and why: staff see it, the customer's page does not. */
const correctionOf = (row: StatusCorrectionEntity | undefined) =>
  row
    ? {
        id: row.id,
        previousStatus: row.previousStatus,
        status: row.status,
        reason: row.reason,
        correctedBy: row.correctedBy,
        correctedAt: iso(row.correctedAt),
      }
    : null;

/** The staff view of a shipment's tracking: status, ETA and every scan with its carrier detail. */
@Access(['admin', 'dispatcher', 'ops'])
@ApiTags('tracking')
@Controller('shipments')
export class TimelineController {
  constructor(private readonly reader: TimelineReader) {}

  @Get(':id/timeline')
  async timeline(@Param('id', new ZodValidationPipe(z.uuid(), 'id')) id: string) {
    const found = await this.reader.read({ shipmentId: id });
    if (!found) throw new NotFoundException({ statusCode: 404, message: 'shipment not tracked' });
    const { shipment, timeline } = found;
    const corrections = await this.reader.corrections(timeline);
    return {
      shipmentId: shipment.shipmentId,
      trackingNumber: shipment.trackingNumber,
      carrier: shipment.carrier,
      status: shipment.status,
      statusVersion: shipment.statusVersion,
      statusAt: iso(shipment.statusAt),
      lastScanAt: iso(shipment.lastScanAt),
      slaState: shipment.slaState,
      promisedBy: iso(shipment.promisedBy),
      eta: iso(shipment.eta),
      timeline: timeline.map((entry) => ({
        status: entry.status,
        occurredAt: iso(entry.occurredAt),
        recordedAt: iso(entry.recordedAt),
        carrier: entry.carrier,
        carrierEventId: entry.carrierEventId,
        carrierCode: entry.carrierCode,
        reasonCode: entry.reasonCode,
        substatus: entry.substatus,
        location: entry.location,
        description: entry.description,
        correction: correctionOf(entry.correctionId ? corrections.get(entry.correctionId) : undefined),
      })),
    };
  }
}
