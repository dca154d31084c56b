import { z } from 'zod';
import { IsoDateTimeSchema, LocationSchema } from '../shapes';
import { ReasonCodeSchema, ShipmentStatusSchema } from '../vocabulary';

export const TrackingStatusChangedPayload = z.object({
  trackingNumber: z.string(),
  previousStatus: ShipmentStatusSchema.nullable(),
  status: ShipmentStatusSchema,
  /** Grows by one with every status change of this shipment. */
  version: z.number().int().positive(),
  reasonCode: ReasonCodeSchema.optional(),
  substatus: z.string().max(500).optional(),
  location: LocationSchema.optional(),
  /**
   * Present only when a person corrected a final status (`POST /shipments/:id/status-corrections`):
   * the audit record's id, who made it and why. Scans and cancellations never carry it.
   */
  correction: z
    .object({
      id: z.uuid(),
      by: z.string().min(1).max(200),
      reason: z.string().min(1).max(500),
    })
    .optional(),
});

export const TrackingEtaUpdatedPayload = z.object({
  trackingNumber: z.string(),
  eta: IsoDateTimeSchema,
  previousEta: IsoDateTimeSchema.nullable(),
});

export const TrackingStalePayload = z.object({
  trackingNumber: z.string(),
  status: ShipmentStatusSchema,
  lastScanAt: IsoDateTimeSchema,
});

export const TrackingRegressionDetectedPayload = z.object({
  trackingNumber: z.string(),
  currentStatus: ShipmentStatusSchema,
  attemptedStatus: ShipmentStatusSchema,
  carrierEventId: z.string(),
});
