/**
 * Where the web app gets the staff credential it sends with REST calls (`Authorization: Bearer`)
 * and in the Socket.IO handshake (`auth.token`). Nothing provides one yet: staff login comes
 * with the security work, which only has to call `setAuthTokenProvider` after signing in.
 */
export type AuthTokenProvider = () => string | null | Promise<string | null>;

let provider: AuthTokenProvider = () => null;

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
