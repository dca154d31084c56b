import { useEffect, useMemo, useState } from 'react';
import type { TrackingUpdate } from '@waybill/contracts';
import { createApiClient } from '../api/api-client';
import type { TrackingView } from '../api/api-types';
import { formatDateTime } from '../shared/format';
import { delayOf, isParcelDone, LANGUAGES, MESSAGES, pickLanguage, type Language, type Messages } from './messages';
import { NotificationChoices } from './notification-choices';
import { Timeline } from './timeline';
import { useTracking } from './use-tracking';

// The customer is no staff member: their calls carry the tracking token, never a staff credential.
const api = createApiClient({ headers: async () => ({}) });

const SEVERITY: TrackingUpdate['delay'][] = ['none', 'possible', 'late'];
const graver = (a: TrackingUpdate['delay'], b: TrackingUpdate['delay']) => (SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b);

function DelayBanner({ delay, t }: { delay: TrackingUpdate['delay']; t: Messages }) {
  if (delay === 'none') return null;
  return (
    <div className={`delay delay--${delay}`} role="alert" data-testid="delay-banner" data-delay={delay}>
      <strong>{delay === 'late' ? t.delayLate : t.delayPossible}</strong>
      <p>{delay === 'late' ? t.delayLateDetail : t.delayPossibleDetail}</p>
    </div>
  );
}

function Summary({ view, live, t, language }: { view: TrackingView; live: TrackingUpdate | null; t: Messages; language: Language }) {
  // The live update may be ahead of the REST read it triggered; the newer one wins.
  const fresher = live && (!view.timeline.length || live.occurredAt >= view.timeline[view.timeline.length - 1].occurredAt);
  const status = fresher ? live.status : view.status;
  const eta = (fresher ? live.eta : view.eta) ?? null;
  const promisedBy = fresher ? live.promisedBy : view.promisedBy;
  const delivered = status === 'delivered';
  return (
    <section className="summary" aria-labelledby="status-title">
      <h2 id="status-title" className="summary__label">
        {t.status}
      </h2>
      <p className={`summary__status summary__status--${status}`} data-testid="tracking-status">
        {t.statuses[status]}
        {delivered && view.slaState === 'met' && <span className="summary__note"> · {t.deliveredOnTime}</span>}
        {delivered && (view.slaState === 'delivered_late' || view.slaState === 'breached') && <span className="summary__note"> · {t.deliveredLate}</span>}
      </p>
      <dl className="summary__facts">
        <div>
          <dt>{t.promisedBy}</dt>
          <dd>{formatDateTime(promisedBy, language)}</dd>
        </div>
        {!delivered && (
          <div>
            <dt>{t.eta}</dt>
            <dd>{eta ? formatDateTime(eta, language) : t.etaUnknown}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** The customer's page for one parcel: `/t/:trackingNumber?token=…`, English or French. */
export function TrackingPage({ trackingNumber, token }: { trackingNumber: string; token: string }) {
  const search = useMemo(() => new URLSearchParams(window.location.search), []);
  const [language, setLanguage] = useState<Language>(() => pickLanguage(search.get('lang'), navigator.languages ?? []));
  const t = MESSAGES[language];
  const { load, connection } = useTracking(api, trackingNumber, token);
  const address = search.get('address');
  const preferencesToken = search.get('ptoken');

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t.pageTitle} · ${trackingNumber}`;
  }, [language, t, trackingNumber]);

  // The live feed and the REST read it triggers agree within moments; until then, the graver wins.
  const delay =
    load.kind !== 'loaded' || isParcelDone(load.view.status)
      ? 'none'
      : graver(
          load.live && !isParcelDone(load.live.status) ? load.live.delay : 'none',
          delayOf(load.view.slaState, load.view.status),
        );

  return (
    <div className="tracking">
      <header className="tracking__header">
        <span className="brand">Waybill</span>
        <div role="group" aria-label={t.language} className="languages">
          {LANGUAGES.map((code) => (
            <button key={code} type="button" lang={code} aria-pressed={code === language} onClick={() => setLanguage(code)}>
              {code === 'en' ? 'English' : 'Français'}
            </button>
          ))}
        </div>
      </header>
      <main className="tracking__main">
        <h1>{t.pageTitle}</h1>
        <p className="tracking__number">
          {t.trackingNumber}: <strong data-testid="tracking-number">{trackingNumber}</strong>
        </p>
        {load.kind === 'loading' && <p aria-busy="true">…</p>}
        {load.kind === 'not-found' && (
          <p className="notice notice--error" role="alert">
            {t.notFound}
          </p>
        )}
        {load.kind === 'error' && (
          <p className="notice notice--error" role="alert">
            {t.loadError}
          </p>
        )}
        {load.kind === 'loaded' && (
          <>
            <DelayBanner delay={delay} t={t} />
            <Summary view={load.view} live={load.live} t={t} language={language} />
            <Timeline entries={load.view.timeline} t={t} language={language} />
            <NotificationChoices
              api={api}
              recipient={address && preferencesToken ? { address, token: preferencesToken } : null}
              t={t}
            />
            <p className={`live live--${connection}`} role="status">
              {connection === 'live' ? t.live : connection === 'reconnecting' ? t.reconnecting : ''}
            </p>
          </>
        )}
      </main>
    </div>
  );
}
