/** A valid `POST /api/v1/shipments` body, as a merchant would send it. */
export function aShipmentRequest(overrides: Record<string, unknown> = {}) {
  return {
    merchantReference: `ORDER-${Math.floor(Math.random() * 1e9)}`,
    serviceLevel: 'express',
    carrier: 'dhl',
    recipient: { name: 'Ada Lovelace', email: 'ada@example.com', locale: 'en' },
    origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
    destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
    parcels: [{ weightGrams: 1200 }],
    ...overrides,
  };
}

/** `headers` carry the caller's credentials (see RunningPlatform.api / ApiTarget). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
