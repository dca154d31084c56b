import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isValidTrackingToken, SERVICE_SETTINGS, ServiceSettings } from '@waybill/service-kit';
import { TimelineEntryEntity } from '../shipments/timeline-entry.entity';
import { TrackedShipmentEntity } from '../shipments/tracked-shipment.entity';
import { TRACKING } from '../shipments/shipment-registration.consumer';

/** The customer's view of one parcel: no personal data, and one 404 for every kind of miss. */
@Controller('tracking')
export class PublicTrackingController {
  constructor(
    @InjectDataSource(TRACKING) private readonly dataSource: DataSource,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  @Get(':trackingNumber')
  async track(@Param('trackingNumber') trackingNumber: string, @Query('token') token: unknown) {
    const notFound = new NotFoundException({ statusCode: 404, message: 'tracking number not found' });
    // Check the token before touching the database, so timing says nothing about which numbers exist.
    if (!isValidTrackingToken(trackingNumber, token, this.settings.trackingTokenSecret)) throw notFound;
    const shipment = await this.dataSource.getRepository(TrackedShipmentEntity).findOneBy({ trackingNumber });
    if (!shipment) throw notFound;
    const timeline = await this.dataSource
      .getRepository(TimelineEntryEntity)
      .find({ where: { shipmentId: shipment.shipmentId }, order: { occurredAt: 'ASC', id: 'ASC' } });
    return {
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
      slaState: shipment.slaState,
      promisedBy: shipment.promisedBy.toISOString(),
      eta: null,
      carrier: shipment.carrier,
      destination: { city: shipment.destinationCity, country: shipment.destinationCountry },
      timeline: timeline.map((entry) => ({
        status: entry.status,
        occurredAt: entry.occurredAt.toISOString(),
        location: entry.location,
        description: entry.description,
      })),
    };
  }
}
