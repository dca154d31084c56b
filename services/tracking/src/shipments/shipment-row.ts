import { AnyEvent, isoTimestamp, newEvent, ServiceLevel, ShipmentStatus } from '@waybill/contracts';
import { estimateEta } from '../eta/eta-model';
import type { StatusOverride, TrackState } from '../status/shipment-track';
import { TRACKING } from '../tracking.constants';

/**
 * The columns of `tracking.shipments` that status changes read, as `SELECT ${SHIPMENT_ROW_COLUMNS}`
 * returns them. Times come as epoch milliseconds: the rules work in milliseconds, and parsing
 * six timestamps per row into Dates was a hot spot of scan ingestion (a row per scan).
 */
export interface ShipmentRow {
  shipment_id: string;
  tracking_number: string;
  carrier: string;
  service_level: ServiceLevel;
  status: ShipmentStatus;
  status_version: number;
  status_at: number | null;
  latest_scan_at: number | null;
  latest_scan_key: string | null;
  last_scan_at: number | null;
  eta: number | null;
  promised_by: number;
  override_at: number | null;
  override_key: string | null;
  override_status: ShipmentStatus | null;
}

// Whole milliseconds, as a Date would hold them.
const epochMsOf = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;

export const SHIPMENT_ROW_COLUMNS = `shipment_id, tracking_number, carrier, service_level, status, status_version,
  ${['status_at', 'latest_scan_at'].map(epochMsOf).join(', ')}, latest_scan_key,
  ${['last_scan_at', 'eta', 'promised_by', 'override_at'].map(epochMsOf).join(', ')}, override_key, override_status`;

export const isoOf = (ms: number | null) => (ms === null ? null : isoTimestamp(ms));

/** What the pure status rules need from a row. */
export function trackStateOf(row: ShipmentRow): TrackState {
  const state: TrackState = {
    status: row.status,
    version: row.status_version,
    statusAt: row.status_at,
    latest: row.latest_scan_at !== null && row.latest_scan_key ? { at: row.latest_scan_at, key: row.latest_scan_key } : null,
  };
  if (row.override_at !== null && row.override_key && row.override_status) {
    const override: StatusOverride = { at: row.override_at, key: row.override_key, status: row.override_status };
    state.override = override;
  }
  return state;
}

/** The ETA model for a shipment in a new state: scans and overrides estimate it the same way. */
export function etaOf(row: ShipmentRow, state: TrackState): number | null {
  return estimateEta({
    status: state.status,
    statusAt: state.statusAt,
    promisedBy: row.promised_by,
    serviceLevel: row.service_level,
  });
}

/** `tracking.eta_updated` when the new ETA differs from the row's; none when there is no ETA. */
export function etaUpdatedEvents(row: ShipmentRow, eta: number | null, occurredAt: number): AnyEvent[] {
  const previous = row.eta;
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
