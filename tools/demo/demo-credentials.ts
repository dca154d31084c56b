/**
 * The demo's simulator plays merchants and carriers, so it needs what their systems would have:
 * an integration key with `shipments:write` and `scans:write`. It gets one the way an admin
 * would: sign in (with the demo admin account the platform printed), then POST /admin/api-keys.
 */
export async function createDemoIntegrationKey(
  baseUrl: string,
  admin: { email: string; password: string },
): Promise<Record<string, string>> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (!login.ok) throw new Error(`the demo admin could not sign in (${login.status})`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const created = await fetch(`${baseUrl}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: `demo simulator ${new Date().toISOString()}`, scopes: ['shipments:write', 'scans:write'] }),
  });
  if (!created.ok) throw new Error(`the demo could not create its integration key (${created.status})`);
  const { key } = (await created.json()) as { key: string };
  return { 'x-api-key': key };
}

