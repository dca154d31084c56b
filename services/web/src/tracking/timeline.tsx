import type { TimelineEntry } from '../api/api-types';
import { formatDateTime } from '../shared/format';
import type { Language, Messages } from './messages';

function place(entry: TimelineEntry): string {
  const location = entry.location;
  if (!location) return '';
  return [location.facility, location.city, location.country].filter(Boolean).join(', ');
}

/** Newest first: what the customer wants to know is what happened last. */
export function Timeline({ entries, t, language }: { entries: readonly TimelineEntry[]; t: Messages; language: Language }) {
  const newestFirst = [...entries].reverse();
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t.timeline}</h2>
      {newestFirst.length === 0 ? (
        <p>{t.noEvents}</p>
      ) : (
        <ol className="timeline__list" data-testid="timeline">
          {newestFirst.map((entry, index) => (
            <li key={`${entry.occurredAt}-${index}`} className={`timeline__item${index === 0 ? ' timeline__item--latest' : ''}`}>
              <span className="timeline__status">
                {t.statuses[entry.status] ?? entry.status}
                {entry.reasonCode ? ` (${t.reasons[entry.reasonCode]})` : ''}
              </span>
              <time className="timeline__time" dateTime={entry.occurredAt}>
                {formatDateTime(entry.occurredAt, language)}
              </time>
              {place(entry) && <span className="timeline__place">{place(entry)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
