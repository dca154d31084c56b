import type { SlaSummary } from '../api/api-types';
import { formatDuration, formatRate } from '../shared/format';

/** One grouping of the summary (by service level, carrier or region) as a table. */
export function BreakdownTable({ title, keyLabel, groups, label }: {
  title: string;
  keyLabel: string;
  groups: NonNullable<SlaSummary['groups']>;
  label?: (key: string) => string;
}) {
  const id = `breakdown-${keyLabel.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="breakdown" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {groups.length === 0 ? (
        <p className="muted">No shipments in this range.</p>
      ) : (
        <table className="table table--compact" data-testid={id}>
          <thead>
            <tr>
              <th scope="col">{keyLabel}</th>
              <th scope="col">Shipments</th>
              <th scope="col">On time</th>
              <th scope="col">Breached</th>
              <th scope="col">Avg lateness</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.key ?? '—'}>
                <th scope="row">{group.key === null ? '—' : (label?.(group.key) ?? group.key)}</th>
                <td>{group.shipments}</td>
                <td>{formatRate(group.onTimeRate)}</td>
                <td>{group.breached}</td>
                <td>{formatDuration(group.avgLatenessSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
