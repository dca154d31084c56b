import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { MESSAGES } from '../tracking/messages';
import { formatDateTime, formatRelative } from '../shared/format';
import { SERVICE_LEVEL_LABELS, SLA_STATE_LABELS } from '../shared/labels';
import type { BoardRow } from './board-state';

const ROW_HEIGHT = 40;
const FLASH_MS = 4_000;
const COLUMNS = ['Tracking number', 'Status', 'SLA', 'Promise', 'ETA', 'Last scan', 'Carrier', 'Region', 'Service'];

/** Only the rows in view are in the DOM, so 10,000 shipments scroll as smoothly as 10. */
export function ShipmentTable({ rows, now, loading }: { rows: readonly BoardRow[]; now: number; loading: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index].shipmentId,
  });
  const statuses = MESSAGES.en.statuses;

  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Active shipments (scrollable)">
      <div role="table" className="grid" aria-label="Active shipments" aria-rowcount={rows.length + 1} data-testid="shipment-table">
        <div role="rowgroup" className="grid__head">
          <div role="row" className="grid__row" aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <div role="columnheader" key={column} className="grid__cell">
                {column}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="grid__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const fresh = now - row.changedAt < FLASH_MS;
            return (
              <div
                role="row"
                key={item.key}
                aria-rowindex={item.index + 2}
                className={`grid__row grid__row--${row.slaState}${fresh ? ' grid__row--changed' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="shipment-row"
                data-tracking-number={row.trackingNumber}
              >
                <div role="cell" className="grid__cell grid__cell--mono">
                  {row.trackingNumber}
                </div>
                <div role="cell" className="grid__cell">
                  {statuses[row.status]}
                </div>
                <div role="cell" className="grid__cell">
                  <span className={`badge badge--${row.slaState}`}>{SLA_STATE_LABELS[row.slaState]}</span>
                </div>
                <div role="cell" className="grid__cell" title={formatDateTime(row.promisedBy)}>
                  {formatRelative(row.promisedBy, now)}
                </div>
                <div role="cell" className="grid__cell" title={formatDateTime(row.eta)}>
                  {row.eta ? formatRelative(row.eta, now) : '—'}
                </div>
                <div role="cell" className="grid__cell" title={formatDateTime(row.lastEventAt)}>
                  {formatRelative(row.lastEventAt, now)}
                </div>
                <div role="cell" className="grid__cell">
                  {row.carrier}
                </div>
                <div role="cell" className="grid__cell">
                  {row.region}
                </div>
                <div role="cell" className="grid__cell">
                  {SERVICE_LEVEL_LABELS[row.serviceLevel] ?? row.serviceLevel}
                </div>
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 && (
        <p className="grid__empty">{loading ? 'Loading shipments…' : 'No active shipments match these filters.'}</p>
      )}
    </div>
  );
}
