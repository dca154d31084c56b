import { useEffect, useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/api-client';
import type { NotificationKind, NotificationPreferences, RecipientKey } from '../api/api-types';
import type { Messages } from './messages';

const KINDS: NotificationKind[] = ['out_for_delivery', 'at_risk', 'breached', 'delivery_attempt_failed', 'delivered', 'exception'];

/**
 * Which messages the customer gets, and a full opt-out. Preferences belong to an address, so
 * they open from a message's link (address + opt-out token); the tracking link alone does not
 * reveal who the recipient is.
 */
export function NotificationChoices({ api, recipient, t }: { api: ApiClient; recipient: RecipientKey | null; t: Messages }) {
  const [preferences, setPreferences] = useState<NotificationPreferences | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'unavailable'>('idle');

  useEffect(() => {
    if (!recipient) return;
    api
      .preferences(recipient)
      .then(setPreferences)
      .catch(() => setState('unavailable'));
  }, [api, recipient?.address, recipient?.token]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!recipient || !preferences) return;
    setState('saving');
    api
      .savePreferences(recipient, { optedOut: preferences.optedOut, optedOutKinds: preferences.optedOutKinds })
      .then((saved) => {
        setPreferences(saved);
        setState('saved');
      })
      .catch(() => setState('unavailable'));
  };

  const toggleKind = (kind: NotificationKind, wanted: boolean) => {
    if (!preferences) return;
    const others = preferences.optedOutKinds.filter((k) => k !== kind);
    setPreferences({ ...preferences, optedOutKinds: wanted ? others : [...others, kind] });
    setState('idle');
  };

  return (
    <section className="choices" aria-labelledby="choices-title">
      <h2 id="choices-title">{t.notifications}</h2>
      {!recipient && <p>{t.preferencesNeedLink}</p>}
      {state === 'unavailable' && (
        <p className="notice notice--error" role="alert">
          {t.preferencesUnavailable}
        </p>
      )}
      {recipient && preferences && (
        <form onSubmit={save} data-testid="notification-choices">
          <p>{t.notificationsHelp}</p>
          <fieldset disabled={preferences.optedOut}>
            <legend className="visually-hidden">{t.notifications}</legend>
            {KINDS.map((kind) => (
              <label key={kind} className="choice">
                <input
                  type="checkbox"
                  checked={!preferences.optedOutKinds.includes(kind)}
                  onChange={(event) => toggleKind(kind, event.target.checked)}
                />
                {t.kinds[kind]}
              </label>
            ))}
          </fieldset>
          <label className="choice choice--stop">
            <input
              type="checkbox"
              checked={preferences.optedOut}
              onChange={(event) => {
                setPreferences({ ...preferences, optedOut: event.target.checked });
                setState('idle');
              }}
            />
            {t.optOutAll}
          </label>
          {preferences.optedOut && <p className="muted">{t.optedOutNotice}</p>}
          <button type="submit" className="button" disabled={state === 'saving'}>
            {t.save}
          </button>{' '}
          <span role="status">{state === 'saved' ? t.saved : ''}</span>
        </form>
      )}
    </section>
  );
}
