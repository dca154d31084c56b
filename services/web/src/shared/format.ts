/** Display helpers shared by the pages. Pure: the locale and the clock are arguments. */

export function formatDateTime(iso: string | null | undefined, locale = 'en', timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** "in 3 h", "5 min ago": how far a moment is from now, in the page's language. */
export function formatRelative(iso: string | null | undefined, now: number, locale = 'en'): string {
  if (!iso) return '—';
  const diffSeconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(diffSeconds);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (abs < 60) return format.format(diffSeconds, 'second');
  if (abs < 3600) return format.format(Math.round(diffSeconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(diffSeconds / 3600), 'hour');
  return format.format(Math.round(diffSeconds / 86_400), 'day');
}

/** 5400 → "1 h 30 min"; null → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** 0.9234 → "92.3%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** `out_for_delivery` → "out for delivery", for values without a translation. */
export function humanize(code: string): string {
  return code.replace(/_/g, ' ');
}
