import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { isValidTrackingToken, SERVICE_SETTINGS, ServiceSettings } from '@waybill/service-kit';
import { TimelineReader } from '../timeline/timeline.reader';
import { Access, RateLimit } from '@waybill/access';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The customer's view of one parcel: no personal data, and one 404 for every kind of miss. */
// The tracking token is checked by the handler, so a wrong token and an unknown number look alike.
@Access('customer')
@RateLimit('tracking')
@ApiTags('tracking')
@Controller('tracking')
export class PublicTrackingController {
  constructor(
    private readonly reader: TimelineReader,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  @Get(':trackingNumber')
  @ApiQuery({ name: 'token', required: true, description: 'The tracking token from the shipment’s tracking link' })
  async track(@Param('trackingNumber') trackingNumber: string, @Query('token') token: unknown) {
    const notFound = new NotFoundException({ statusCode: 404, message: 'tracking number not found' });
    // Check the token before touching the database, so timing says nothing about which numbers exist.
    if (!isValidTrackingToken(trackingNumber, token, this.settings.trackingTokenSecret)) throw notFound;
    const found = await this.reader.read({ trackingNumber });
    if (!found) throw notFound;
    const { shipment, timeline } = found;
    return {
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
      slaState: shipment.slaState,
      promisedBy: iso(shipment.promisedBy),
      eta: iso(shipment.eta),
      carrier: shipment.carrier,
      destination: { city: shipment.destinationCity, country: shipment.destinationCountry },
      timeline: timeline.map((entry) => ({
        status: entry.status,
        occurredAt: iso(entry.occurredAt),
        location: entry.location
          ? { facility: entry.location.facility, city: entry.location.city, country: entry.location.country }
          : null,
        description: entry.substatus ?? entry.description,
        reasonCode: entry.reasonCode,
      })),
    };
  }
}
