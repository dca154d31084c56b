import { AnyEvent, newEvent, ServiceLevel, ShipmentStatus } from '@waybill/contracts';
import { estimateEta } from '../eta/eta-model';
import type { StatusOverride, TrackState } from '../status/shipment-track';
import { TRACKING } from '../tracking.constants';

/** The columns of `tracking.shipments` that status changes read, as `SELECT ${SHIPMENT_ROW_COLUMNS}` returns them. */
export interface ShipmentRow {
  shipment_id: string;
  tracking_number: string;
  carrier: string;
  service_level: ServiceLevel;
  status: ShipmentStatus;
  status_version: number;
  status_at: Date | null;
  latest_scan_at: Date | null;
  latest_scan_key: string | null;
  last_scan_at: Date | null;
  eta: Date | null;
  promised_by: Date;
  override_at: Date | null;
  override_key: string | null;
  override_status: ShipmentStatus | null;
}

export const SHIPMENT_ROW_COLUMNS = `shipment_id, tracking_number, carrier, service_level, status, status_version, status_at,
  latest_scan_at, latest_scan_key, last_scan_at, eta, promised_by, override_at, override_key, override_status`;

export const epochMs = (date: Date | null) => (date === null ? null : date.getTime());
export const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the pure status rules need from a row. */
export function trackStateOf(row: ShipmentRow): TrackState {
  const state: TrackState = {
    status: row.status,
    version: row.status_version,
    statusAt: epochMs(row.status_at),
    latest: row.latest_scan_at && row.latest_scan_key ? { at: row.latest_scan_at.getTime(), key: row.latest_scan_key } : null,
  };
  if (row.override_at && row.override_key && row.override_status) {
    const override: StatusOverride = { at: row.override_at.getTime(), key: row.override_key, status: row.override_status };
    state.override = override;
  }
  return state;
}

/** The ETA model for a shipment in a new state: scans and overrides estimate it the same way. */
export function etaOf(row: ShipmentRow, state: TrackState): number | null {
  return estimateEta({
    status: state.status,
    statusAt: state.statusAt,
    promisedBy: row.promised_by.getTime(),
    serviceLevel: row.service_level,
  });
}

/** `tracking.eta_updated` when the new ETA differs from the row's; none when there is no ETA. */
export function etaUpdatedEvents(row: ShipmentRow, eta: number | null, occurredAt: number): AnyEvent[] {
  const previous = epochMs(row.eta);
  if (eta === null || eta === previous) return [];
  return [
    newEvent(
      'tracking.eta_updated',
      row.shipment_id,
      { trackingNumber: row.tracking_number, eta: isoOf(eta)!, previousEta: isoOf(previous) },
      { source: TRACKING, occurredAt: new Date(occurredAt) },
    ),
  ];
}
