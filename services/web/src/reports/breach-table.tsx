import type { Breach } from '../api/api-types';
import { formatDateTime, formatDuration, humanize } from '../shared/format';
import { AT_RISK_REASON_LABELS, SERVICE_LEVEL_LABELS } from '../shared/labels';

export function BreachTable({ breaches, more, loading, onMore }: {
  breaches: readonly Breach[];
  more: boolean;
  loading: boolean;
  onMore(): void;
}) {
  return (
    <section className="breaches" aria-labelledby="breaches-title">
      <h2 id="breaches-title">Breaches</h2>
      {breaches.length === 0 ? (
        <p className="muted">{loading ? 'Loading…' : 'No breached promise in this range.'}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Breaches (scrollable)">
          <table className="table" data-testid="breach-table">
            <thead>
              <tr>
                <th scope="col">Tracking number</th>
                <th scope="col">Service</th>
                <th scope="col">Carrier</th>
                <th scope="col">Region</th>
                <th scope="col">Promised by</th>
                <th scope="col">Breached at</th>
                <th scope="col">Late by</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {breaches.map((breach) => (
                <tr key={breach.shipmentId} data-testid="breach-row">
                  <th scope="row" className="mono">{breach.trackingNumber ?? breach.shipmentId}</th>
                  <td>{breach.serviceLevel ? (SERVICE_LEVEL_LABELS[breach.serviceLevel as keyof typeof SERVICE_LEVEL_LABELS] ?? breach.serviceLevel) : '—'}</td>
                  <td>{breach.carrier ?? '—'}</td>
                  <td>{breach.region ?? '—'}</td>
                  <td>{formatDateTime(breach.promisedBy)}</td>
                  <td>{formatDateTime(breach.breachedAt)}</td>
                  <td>{formatDuration(breach.lateBySeconds)}</td>
                  <td>{breach.reason ? (AT_RISK_REASON_LABELS[breach.reason as keyof typeof AT_RISK_REASON_LABELS] ?? humanize(breach.reason)) : '—'}</td>
                  <td>{breach.status ? humanize(breach.status) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" className="button" onClick={onMore} disabled={loading}>
          Load more breaches
        </button>
      )}
    </section>
  );
}
