import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ZodValidationPipe } from '@waybill/service-kit';
import { NOTIFICATIONS } from '../notifications.constants';
import { Access } from '@waybill/access';

const HistoryQuerySchema = z.object({
  shipmentId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** Every notification of a shipment, sent or not, with its attempts: nothing is dropped silently. */
@Access(['admin', 'dispatcher', 'ops'])
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource) {}

  @Get()
  @ApiQuery({ name: 'shipmentId', required: true })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  async list(@Query(new ZodValidationPipe(HistoryQuerySchema)) query: HistoryQuery) {
    const rows = await this.dataSource.query(
      `SELECT n.id, n.shipment_id AS "shipmentId", n.kind, n.channel, n.target, n.subscription_id AS "subscriptionId",
         n.locale, n.subject, n.status, n.reason, n.attempts, n.duplicates, n.created_at AS "createdAt",
         n.sent_at AS "sentAt", CASE WHEN n.status = 'pending' THEN n.next_attempt_at END AS "nextAttemptAt",
         COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'outcome', a.outcome,
             'responseStatus', a.response_status, 'error', a.error, 'durationMs', a.duration_ms, 'attemptedAt', a.attempted_at)
             ORDER BY a.id)
           FROM notifications.delivery_attempts a WHERE a.notification_id = n.id), '[]') AS "deliveryAttempts"
       FROM notifications.notifications n WHERE n.shipment_id = $1 ORDER BY n.created_at, n.channel LIMIT $2`,
      [query.shipmentId, query.limit],
    );
    return { shipmentId: query.shipmentId, notifications: rows };
  }
}
