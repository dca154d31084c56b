import { useEffect, useReducer, useRef, useState } from 'react';
import type { BoardFilters, BoardItem } from '@waybill/contracts';
import type { ApiClient } from '../api/api-client';
import type { ShipmentView } from '../api/api-types';
import { connectBoard, type ConnectionState } from '../live/live-connection';
import { BoardState, type AlertEntry } from './board-state';

/** The board holds at most this many rows; beyond, the newest shipments win. */
export const MAX_BOARD_ROWS = 10_000;
const PAGE = 200;
/** Live items are applied as they come, but the page re-renders at most this often. */
const RENDER_EVERY_MS = 200;

async function loadActiveShipments(api: ApiClient, filters: BoardFilters): Promise<ShipmentView[]> {
  const shipments: ShipmentView[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listShipments({
      carrier: filters.carrier,
      serviceLevel: filters.serviceLevel as ShipmentView['serviceLevel'] | undefined,
      limit: PAGE,
      cursor,
    });
    shipments.push(...page.items.filter((s) => !filters.region || s.destination.country === filters.region));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && shipments.length < MAX_BOARD_ROWS);
  return shipments;
}

/**
 * Keeps a BoardState current: the live `/board` feed for `filters`, and the REST snapshot
 * whenever the feed says one is needed. Items arriving during a snapshot wait for it.
 */
export function useBoardFeed(api: ApiClient, filters: BoardFilters, onAlerts: (alerts: AlertEntry[]) => void) {
  const state = useRef(new BoardState()).current;
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const onAlertsRef = useRef(onAlerts);
  onAlertsRef.current = onAlerts;
  const filterKey = JSON.stringify(filters);

  useEffect(() => {
    let closed = false;
    let loadedOnce = false;
    let waiting: BoardItem[][] | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const renderSoon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (!closed) rerender();
      }, RENDER_EVERY_MS);
    };
    const apply = (items: BoardItem[]) => {
      const alerts = state.apply(items, Date.now());
      if (alerts.length > 0) onAlertsRef.current(alerts);
    };
    const resync = () => {
      const queue: BoardItem[][] = (waiting ??= []);
      loadActiveShipments(api, filters)
        .then((shipments) => {
          if (closed || waiting !== queue) return;
          state.load(shipments, Date.now());
          loadedOnce = true;
          waiting = null;
          for (const items of queue) apply(items);
          setLoadError(null);
          setLoaded(true);
          renderSoon();
        })
        .catch((error: Error) => {
          if (closed || waiting !== queue) return;
          waiting = null;
          for (const items of queue) apply(items);
          setLoadError(`Could not load shipments: ${error.message}`);
        });
    };
    const live = connectBoard('', filters, {
      onItems: (items) => {
        if (waiting) {
          waiting.push(items);
          return;
        }
        apply(items);
        renderSoon();
      },
      onResync: resync,
      onState: (next) => {
        if (closed) return;
        setConnection(next);
        // No live feed yet: still show the shipments, and reload when it connects.
        if (next === 'offline' && !loadedOnce && !waiting) resync();
      },
      onError: (message) => !closed && setLoadError(message),
    });
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      live.close();
    };
    // `filters` is compared by value, through filterKey.
  }, [api, filterKey]);

  return { state, connection, loadError, loaded, rerender };
}
