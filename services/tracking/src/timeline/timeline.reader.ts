import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { StatusCorrectionEntity } from '../corrections/status-correction.entity';
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

  /** The audit records behind a timeline's correction entries, by id (staff view only). */
  async corrections(timeline: TimelineEntryEntity[]): Promise<Map<string, StatusCorrectionEntity>> {
    const ids = timeline.flatMap((entry) => (entry.correctionId ? [entry.correctionId] : []));
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(StatusCorrectionEntity).findBy({ id: In(ids) });
    return new Map(rows.map((row) => [row.id, row]));
  }
}
