/**
 * Where the web app gets the staff credential it sends with REST calls (`Authorization: Bearer`)
 * and in the Socket.IO handshake (`auth.token`). auth/staff-auth.tsx provides it after sign-in;
 * a 401 from the API (token ended or revoked) tells the listeners, which show the sign-in form.
 */
export type AuthTokenProvider = () => string | null | Promise<string | null>;

let provider: AuthTokenProvider = () => null;
const signedOutListeners = new Set<() => void>();
const renewedListeners = new Set<(token: string) => void>();

export function setAuthTokenProvider(next: AuthTokenProvider): void {
  provider = next;
}

export async function currentAuthToken(): Promise<string | null> {
  return provider();
}

export async function authHeaders(): Promise<Record<string, string>> {
  const token = await currentAuthToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The server refused our credential: whoever shows the sign-in form should show it now. */
export function reportUnauthorized(): void {
  for (const listener of signedOutListeners) listener();
}

export function onUnauthorized(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** The sign-in was renewed: open staff sockets take the new token (`auth.renew`). */
export function reportTokenRenewed(token: string): void {
  for (const listener of renewedListeners) listener(token);
}

export function onTokenRenewed(listener: (token: string) => void): () => void {
  renewedListeners.add(listener);
  return () => renewedListeners.delete(listener);
}
