import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { onUnauthorized, reportTokenRenewed, setAuthTokenProvider } from '../api/auth';
import { StaffSession, StaffSessionStore } from './staff-session';

const sessions = new StaffSessionStore(window.sessionStorage);
// Every REST call and socket handshake of the staff pages reads the token from here.
setAuthTokenProvider(() => sessions.current()?.accessToken ?? null);

type SignInResult = { ok: true; session: StaffSession } | { ok: false; message: string };

async function signIn(email: string, password: string): Promise<SignInResult> {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.ok) return { ok: true, session: (await response.json()) as StaffSession };
  if (response.status === 429) {
    const wait = Number(response.headers.get('retry-after'));
    const when = Number.isFinite(wait) && wait > 0 ? ` in ${Math.ceil(wait / 60)} min` : ' later';
    return { ok: false, message: `Too many attempts. Try again${when}.` };
  }
  if (response.status === 401 || response.status === 400) return { ok: false, message: 'Wrong email or password.' };
  return { ok: false, message: `Sign-in failed (${response.status}). Try again.` };
}

/** The same sign-in with a fresh token; null when the server says to sign in again. */
async function renew(session: StaffSession): Promise<StaffSession | null> {
  const response = await fetch('/api/v1/auth/renew', {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/json' },
  });
  if (response.ok) return (await response.json()) as StaffSession;
  if (response.status === 401 || response.status === 403) return null;
  throw new Error(`renewal failed (${response.status})`);
}

const RETRY_RENEWAL_MS = 15_000;

const SessionContext = createContext<{ session: StaffSession; signOut(): void } | null>(null);

/** The signed-in staff member, for the header. */
export function useStaffSession() {
  return useContext(SessionContext);
}

/**
 * Shows its children to a signed-in staff member and the sign-in form to anyone else. Renews the
 * token two minutes before it ends (retrying a failed attempt every 15 s); signs out when the
 * server refuses to renew (session over, password changed), when the token ends anyway, or when
 * the API answers 401.
 */
export function RequireStaff({ children, fallbackFrame }: { children: ReactNode; fallbackFrame(form: ReactNode): ReactNode }) {
  const [session, setSession] = useState<StaffSession | null>(() => sessions.current());
  const signOut = useCallback(() => {
    sessions.clear();
    setSession(null);
  }, []);

  useEffect(() => onUnauthorized(signOut), [signOut]);
  useEffect(() => {
    const remaining = sessions.remainingMs();
    const renewIn = sessions.renewInMs();
    if (remaining === null || renewIn === null || !session) return;
    const clamp = (ms: number) => Math.max(0, Math.min(ms, 2 ** 31 - 1));
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      renew(session)
        .then((next) => {
          if (!next) return signOut();
          sessions.save(next);
          setSession(next);
          reportTokenRenewed(next.accessToken);
        })
        .catch(() => (renewTimer = setTimeout(attempt, RETRY_RENEWAL_MS)));
    };
    renewTimer = setTimeout(attempt, clamp(renewIn));
    const endTimer = setTimeout(signOut, clamp(remaining));
    return () => {
      clearTimeout(renewTimer);
      clearTimeout(endTimer);
    };
  }, [session, signOut]);

  if (!session) {
    return fallbackFrame(
      <SignInForm
        onSignedIn={(next) => {
          sessions.save(next);
          setSession(next);
        }}
      />,
    );
  }
  return <SessionContext.Provider value={{ session, signOut }}>{children}</SessionContext.Provider>;
}

function SignInForm({ onSignedIn }: { onSignedIn(session: StaffSession): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(email.trim(), password)
      .then((result) => (result.ok ? onSignedIn(result.session) : setError(result.message)))
      .catch(() => setError('The server could not be reached. Try again.'))
      .finally(() => setBusy(false));
  };

  return (
    <form className="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p className="muted">Staff pages are for dispatchers, operations and admins.</p>
      <label>
        Email
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="sign-in__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** Who is signed in, and the way out; nothing when signed out. */
export function StaffIdentity() {
  const current = useStaffSession();
  if (!current) return null;
  return (
    <div className="staff__identity">
      <span>
        {current.session.user.email} · {current.session.user.role}
      </span>
      <button type="button" className="button button--secondary" onClick={current.signOut}>
        Sign out
      </button>
    </div>
  );
}
