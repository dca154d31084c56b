import { z } from 'zod';
import { ShipmentStatusSchema } from '@waybill/contracts';

/** `POST /shipments/:id/status-corrections`: the status a person sets, and why. */
export const StatusCorrectionRequest = z.strictObject({
  // `created` belongs to intake's registration; nobody corrects a shipment back to it.
  status: ShipmentStatusSchema.refine((status) => status !== 'created', 'created is set by registration only'),
  reason: z.string().trim().min(1, 'say why the status is corrected').max(500),
});
export type StatusCorrectionRequest = z.infer<typeof StatusCorrectionRequest>;
