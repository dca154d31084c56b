import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BoardFilters as ServerFilters } from '@waybill/contracts';
import { createApiClient } from '../api/api-client';
import { AlertFeed } from './alert-feed';
import { playAlertChime } from './alert-sound';
import { BoardFilters } from './board-filters';
import { countsOf, visibleRows, type AlertEntry, type BoardView } from './board-state';
import { ConnectionIndicator } from './connection-indicator';
import { CountersBar } from './counters-bar';
import { ShipmentTable } from './shipment-table';
import { useBoardFeed } from './use-board-feed';

const api = createApiClient();
const SOUND_KEY = 'waybill.board.sound';

function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The dispatcher's live board: active shipments, alerts, counters. Carrier, region and service
 * level narrow the server feed (its rooms and counters); SLA state and search narrow the view.
 */
export function BoardPage() {
  const [view, setView] = useState<BoardView>({});
  const [soundOn, setSoundOn] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const soundRef = useRef(soundOn);
  soundRef.current = soundOn;
  const serverFilters = useMemo<ServerFilters>(
    () => ({ carrier: view.carrier, region: view.region, serviceLevel: view.serviceLevel }),
    [view.carrier, view.region, view.serviceLevel],
  );
  const onAlerts = useCallback((alerts: AlertEntry[]) => {
    if (soundRef.current) playAlertChime(alerts.some((alert) => alert.type !== 'sla.at_risk'));
  }, []);
  const { state, connection, loadError, loaded, rerender } = useBoardFeed(api, serverFilters, onAlerts);
  const clock = useClock(10_000);
  const now = Math.max(clock, Date.now());

  // Filter menus offer every value seen since the page opened, not only the current feed's.
  const seen = useRef({ carriers: new Set<string>(), regions: new Set<string>() });
  for (const row of state.rows.values()) {
    seen.current.carriers.add(row.carrier);
    seen.current.regions.add(row.region);
  }
  const rows = useMemo(() => visibleRows(state.rows.values(), view), [state.version, view, state.rows]);

  const toggleSound = () => {
    const next = !soundOn;
    localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    setSoundOn(next);
    if (next) playAlertChime(false);
  };

  return (
    <div className="board">
      <div className="board__bar">
        <CountersBar counts={countsOf(state)} />
        <ConnectionIndicator state={connection} />
      </div>
      <BoardFilters
        view={view}
        carriers={[...seen.current.carriers].sort()}
        regions={[...seen.current.regions].sort()}
        onChange={setView}
      />
      {loadError && (
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
      )}
      <div className="board__panes">
        <section className="board__table" aria-labelledby="shipments-title">
          <h2 id="shipments-title">
            Active shipments{' '}
            <span className="muted" data-testid="shipment-count" data-count={rows.length}>
              ({rows.length})
            </span>
          </h2>
          <ShipmentTable rows={rows} now={now} loading={!loaded && !loadError} />
        </section>
        <AlertFeed
          alerts={state.alerts}
          now={now}
          soundOn={soundOn}
          onToggleSound={toggleSound}
          onClear={() => {
            state.clearAlerts();
            rerender();
          }}
        />
      </div>
    </div>
  );
}
