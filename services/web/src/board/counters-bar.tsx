import { formatRate } from '../shared/format';
import type { Counts } from './board-state';

export function CountersBar({ counts }: { counts: Counts }) {
  const items: [string, string, string][] = [
    ['active', 'Active', String(counts.active)],
    ['out-for-delivery', 'Out for delivery', String(counts.outForDelivery)],
    ['at-risk', 'At risk', String(counts.atRisk)],
    ['breached-today', 'Breached today', counts.breachedToday === null ? '—' : String(counts.breachedToday)],
    ['on-time-today', 'On time today', formatRate(counts.onTimeRateToday)],
  ];
  return (
    <dl className="counters" aria-label="Counters">
      {items.map(([key, label, value]) => (
        <div key={key} className={`counter counter--${key}`} data-testid={`counter-${key}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
