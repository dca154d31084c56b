import { useEffect, useState } from 'react';
import type { TrackingUpdate } from '@waybill/contracts';
import { ApiError, type ApiClient } from '../api/api-client';
import type { TrackingView } from '../api/api-types';
import { connectTracking, type ConnectionState } from '../live/live-connection';

export type TrackingLoad =
  | { kind: 'loading' }
  | { kind: 'not-found' }
  | { kind: 'error' }
  | { kind: 'loaded'; view: TrackingView; live: TrackingUpdate | null };

/**
 * The parcel over REST, kept current by the `/tracking` feed: each live update changes the
 * status, ETA and delay at once, and the timeline is re-read behind it.
 */
export function useTracking(api: ApiClient, trackingNumber: string, token: string) {
  const [load, setLoad] = useState<TrackingLoad>({ kind: 'loading' });
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    let closed = false;
    let latest: TrackingUpdate | null = null;
    let reading: ReturnType<typeof setTimeout> | null = null;
    const read = () =>
      api
        .tracking(trackingNumber, token)
        .then((view) => !closed && setLoad({ kind: 'loaded', view, live: latest }))
        .catch((error: unknown) => {
          if (closed) return;
          setLoad((current) =>
            current.kind === 'loaded' ? current : { kind: error instanceof ApiError && error.status === 404 ? 'not-found' : 'error' },
          );
        });
    const readSoon = () => {
      if (reading) clearTimeout(reading);
      reading = setTimeout(() => void read(), 150);
    };
    void read();
    if (!token) return;
    const live = connectTracking('', { trackingNumber, token }, {
      onItems: (items) => {
        latest = items[items.length - 1].data;
        setLoad((current) => (current.kind === 'loaded' ? { ...current, live: latest } : current));
        readSoon();
      },
      onResync: readSoon,
      onState: (state) => !closed && setConnection(state),
    });
    return () => {
      closed = true;
      if (reading) clearTimeout(reading);
      live.close();
    };
  }, [api, trackingNumber, token]);

  return { load, connection };
}
