import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { createApiClient } from '../api/api-client';
import type { Breach, ReportFilters, SlaStats, SlaSummary } from '../api/api-types';
import { formatDuration, formatRate } from '../shared/format';
import { AT_RISK_REASONS, AT_RISK_REASON_LABELS, SERVICE_LEVELS, SERVICE_LEVEL_LABELS } from '../shared/labels';
import { BreachTable } from './breach-table';
import { BreakdownTable } from './breakdown-table';
import { OnTimeChart } from './on-time-chart';
import { apiFilters, daysOf, formFromSearch, searchOfForm, type ReportForm } from './report-form';

const api = createApiClient();

interface Report {
  byDay: SlaSummary;
  byServiceLevel: SlaSummary;
  byCarrier: SlaSummary;
  byRegion: SlaSummary;
}

function Kpis({ total }: { total: SlaStats }) {
  const items: [string, string][] = [
    ['On-time rate', formatRate(total.onTimeRate)],
    ['Shipments', String(total.shipments)],
    ['Breached', String(total.breached)],
    ['Avg lateness', formatDuration(total.avgLatenessSeconds)],
    ['p90 lateness', formatDuration(total.p90LatenessSeconds)],
    ['First-attempt delivery', formatRate(total.firstAttemptDeliveryRate)],
    ['At-risk alerts', String(total.atRiskAlerts)],
    ['Alerts that breached', `${total.alertsThatBreached} (${formatRate(total.alertPrecision)})`],
    ['Median warning', formatDuration(total.medianWarningSeconds)],
  ];
  return (
    <dl className="kpis" data-testid="kpis">
      {items.map(([label, value]) => (
        <div key={label} className="kpi">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Downloads text as a file; fetched (not a plain link) so the staff credential goes with it. */
function saveFile(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The ops report: filters, headline numbers, on-time rate by day, breakdowns, breaches, CSV. */
export function ReportPage() {
  const [form, setForm] = useState<ReportForm>(() => formFromSearch(window.location.search, Date.now()));
  const [applied, setApplied] = useState<ReportForm>(form);
  const filters = useMemo<ReportFilters>(() => apiFilters(applied), [applied]);
  const [report, setReport] = useState<Report | null>(null);
  const [breaches, setBreaches] = useState<Breach[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    Promise.all([
      api.summary(filters, 'day'),
      api.summary(filters, 'serviceLevel'),
      api.summary(filters, 'carrier'),
      api.summary(filters, 'region'),
      api.breaches(filters, { limit: 100 }),
    ])
      .then(([byDay, byServiceLevel, byCarrier, byRegion, page]) => {
        if (!current) return;
        setReport({ byDay, byServiceLevel, byCarrier, byRegion });
        setBreaches(page.items);
        setCursor(page.nextCursor);
      })
      .catch((e: Error) => current && setError(`The report could not be loaded: ${e.message}`))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [filters]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    setLoading(true);
    api
      .breaches(filters, { limit: 100, cursor })
      .then((page) => {
        setBreaches((shown) => [...shown, ...page.items]);
        setCursor(page.nextCursor);
      })
      .catch((e: Error) => setError(`More breaches could not be loaded: ${e.message}`))
      .finally(() => setLoading(false));
  }, [cursor, filters]);

  const download = () => {
    setDownloading(true);
    api
      .breachesCsv(filters)
      .then((csv) => saveFile(`sla-breaches-${applied.fromDay}-to-${applied.toDay}.csv`, csv, 'text/csv'))
      .catch((e: Error) => setError(`The CSV could not be downloaded: ${e.message}`))
      .finally(() => setDownloading(false));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    window.history.replaceState(null, '', searchOfForm(form));
    setApplied({ ...form });
  };
  const field = <K extends keyof ReportForm>(key: K) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value as ReportForm[K] }),
  });

  const dayStats = useMemo(() => {
    const byKey = new Map((report?.byDay.groups ?? []).map((group) => [group.key, group]));
    return daysOf(applied).map((day) => ({ day, stats: byKey.get(day) ?? null }));
  }, [report, applied]);

  return (
    <div className="report">
      <form className="filters" aria-label="Report filters" onSubmit={submit}>
        <label>
          From
          <input type="date" required {...field('fromDay')} />
        </label>
        <label>
          To
          <input type="date" required {...field('toDay')} />
        </label>
        <label>
          Service level
          <select {...field('serviceLevel')}>
            <option value="">All</option>
            {SERVICE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {SERVICE_LEVEL_LABELS[level]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Carrier
          <input type="text" placeholder="all" maxLength={50} {...field('carrier')} />
        </label>
        <label>
          Region
          <input type="text" placeholder="all, e.g. FR" maxLength={2} pattern="[A-Za-z]{2}" {...field('region')} />
        </label>
        <label>
          Breach reason
          <select {...field('reason')}>
            <option value="">All</option>
            {AT_RISK_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {AT_RISK_REASON_LABELS[reason]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Show
        </button>
        <button type="button" className="button button--secondary" onClick={download} disabled={downloading} data-testid="download-csv">
          {downloading ? 'Preparing CSV…' : 'Download breaches (CSV)'}
        </button>
      </form>
      <p className="muted">
        Rates count shipments by the day of their promise (UTC); the breach reason filter applies to the breach list and the CSV.
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <Kpis total={report.byDay.total} />
          </section>
          <section aria-labelledby="chart-title">
            <h2 id="chart-title">On-time rate by day</h2>
            <OnTimeChart days={dayStats} />
          </section>
          <section aria-labelledby="breakdowns-title">
            <h2 id="breakdowns-title">Breakdowns</h2>
            <div className="breakdowns">
              <BreakdownTable
                title="By service level"
                keyLabel="Service level"
                groups={report.byServiceLevel.groups ?? []}
                label={(key) => SERVICE_LEVEL_LABELS[key as keyof typeof SERVICE_LEVEL_LABELS] ?? key}
              />
              <BreakdownTable title="By carrier" keyLabel="Carrier" groups={report.byCarrier.groups ?? []} />
              <BreakdownTable title="By region" keyLabel="Region" groups={report.byRegion.groups ?? []} />
            </div>
          </section>
        </>
      )}
      <BreachTable breaches={breaches} more={cursor !== null} loading={loading} onMore={loadMore} />
    </div>
  );
}
