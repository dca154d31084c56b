import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { TimelineEntryEntity } from '../shipments/timeline-entry.entity';
import { TrackedShipmentEntity } from '../shipments/tracked-shipment.entity';
import { TRACKING } from '../tracking.constants';

/** Reads one shipment and its timeline in scan order (time, then dedupe key). */
@Injectable()
export class TimelineReader {
  constructor(@InjectDataSource(TRACKING) private readonly dataSource: DataSource) {}

  async read(where: FindOptionsWhere<TrackedShipmentEntity>) {
    const shipment = await this.dataSource.getRepository(TrackedShipmentEntity).findOneBy(where);
    if (!shipment) return null;
    const timeline = await this.dataSource
      .getRepository(TimelineEntryEntity)
      .find({ where: { shipmentId: shipment.shipmentId }, order: { occurredAt: 'ASC', sourceEventId: 'ASC' } });
    return { shipment, timeline };
  }
}
