import type { ConnectionState } from '../live/live-connection';

const WORDS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: showing the last data loaded',
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <p className={`connection connection--${state}`} role="status" data-testid="connection">
      <span className="connection__dot" aria-hidden="true" />
      {WORDS[state]}
    </p>
  );
}
