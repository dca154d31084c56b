import { AT_RISK_REASON_LABELS, ALERT_LABELS } from '../shared/labels';
import { formatDuration, formatRelative } from '../shared/format';
import type { AlertEntry } from './board-state';

/** Newest first; a new alert flashes (CSS animation on mount) and the list grows from the top. */
export function AlertFeed({
  alerts,
  now,
  soundOn,
  onToggleSound,
  onClear,
}: {
  alerts: readonly AlertEntry[];
  now: number;
  soundOn: boolean;
  onToggleSound(): void;
  onClear(): void;
}) {
  return (
    <section className="alerts" aria-labelledby="alerts-title">
      <div className="alerts__head">
        <h2 id="alerts-title">
          Alerts <span className="alerts__count">{alerts.length}</span>
        </h2>
        <button type="button" className="button button--quiet" aria-pressed={soundOn} onClick={onToggleSound}>
          Sound {soundOn ? 'on' : 'off'}
        </button>
        <button type="button" className="button button--quiet" onClick={onClear} disabled={alerts.length === 0}>
          Clear
        </button>
      </div>
      {alerts.length === 0 ? (
        <p className="alerts__empty">No alerts. At-risk, late and breached shipments show up here as they happen.</p>
      ) : (
        <ol className="alerts__list" aria-live="polite" data-testid="alert-feed">
          {alerts.map((alert) => (
            <li key={alert.eventId} className={`alert alert--${alert.state}`} data-testid="alert">
              <span className={`badge badge--${alert.state}`}>{ALERT_LABELS[alert.type]}</span>{' '}
              <strong className="alert__tracking">{alert.trackingNumber}</strong>
              <span className="alert__detail">
                {alert.reason ? AT_RISK_REASON_LABELS[alert.reason] : 'Promise passed'}
                {alert.lateBySeconds ? ` · ${formatDuration(alert.lateBySeconds)} late` : ''}
              </span>
              <span className="alert__meta">
                {alert.carrier} · {alert.region} · <time dateTime={alert.occurredAt}>{formatRelative(alert.occurredAt, now)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
