import type {
  BreachPage,
  NotificationPreferences,
  RecipientKey,
  ReportFilters,
  ShipmentListQuery,
  ShipmentPage,
  SlaSummary,
  SummaryGroup,
  TrackingView,
} from './api-types';
import { authHeaders, reportUnauthorized } from './auth';
import { queryString } from './query-string';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    super(`${path} answered ${status}`);
  }
}

export interface ApiClientOptions {
  /** '' in the browser (same origin); a full origin in tests and tools. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Staff credential headers; the customer's tracking calls carry their token instead. */
  headers?: () => Promise<Record<string, string>>;
}

/** Typed access to the REST API under /api/v1, one method per route a page reads. */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const headers = options.headers ?? authHeaders;
  // Only a client on the staff credential signs out on 401; the customer's pages carry none.
  const signsOutOn401 = headers === authHeaders;

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await doFetch(`${baseUrl}/api/v1${path}`, {
      ...init,
      headers: { accept: 'application/json', ...(await headers()), ...(init.headers as Record<string, string>) },
    });
    if (!response.ok) {
      if (response.status === 401 && signsOutOn401) reportUnauthorized();
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      throw new ApiError(response.status, body, path);
    }
    return response;
  }
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await request(path, init)).json() as Promise<T>;

  return {
    listShipments: (query: ShipmentListQuery = {}) => json<ShipmentPage>(`/shipments${queryString({ ...query })}`),

    tracking: (trackingNumber: string, token: string) =>
      json<TrackingView>(`/tracking/${encodeURIComponent(trackingNumber)}${queryString({ token })}`),

    /** A recipient's choices, reached with the address and opt-out token from their messages' links. */
    preferences: (recipient: RecipientKey) =>
      json<NotificationPreferences>(`/notifications/preferences${queryString({ ...recipient })}`),

    savePreferences: (recipient: RecipientKey, change: Partial<NotificationPreferences>) =>
      json<NotificationPreferences>(`/notifications/preferences${queryString({ ...recipient })}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(change),
      }),

    breaches: (filters: ReportFilters, page: { cursor?: string; limit?: number } = {}) =>
      json<BreachPage>(`/sla/breaches${queryString({ ...filters, ...page })}`),

    /** The path of the CSV export for these filters (what the download fetches). */
    breachesCsvPath: (filters: ReportFilters) => `/sla/breaches${queryString({ ...filters, format: 'csv' })}`,

    breachesCsv: async (filters: ReportFilters): Promise<string> =>
      (await request(`/sla/breaches${queryString({ ...filters, format: 'csv' })}`, { headers: { accept: 'text/csv' } })).text(),

    /** The summary has no `reason` filter: breaches have a reason, on-time shipments do not. */
    summary: ({ reason: _reason, ...filters }: ReportFilters, groupBy?: SummaryGroup) =>
      json<SlaSummary>(`/sla/summary${queryString({ ...filters, groupBy })}`),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
