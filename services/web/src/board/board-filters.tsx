import type { SlaState } from '@waybill/contracts';
import { BOARD_SLA_STATES, SERVICE_LEVELS, SERVICE_LEVEL_LABELS, SLA_STATE_LABELS } from '../shared/labels';
import type { BoardView } from './board-state';

export function BoardFilters({
  view,
  carriers,
  regions,
  onChange,
}: {
  view: BoardView;
  carriers: readonly string[];
  regions: readonly string[];
  onChange(next: BoardView): void;
}) {
  const set = (key: keyof BoardView) => (event: { target: { value: string } }) =>
    onChange({ ...view, [key]: event.target.value || undefined });
  return (
    <form className="filters" role="search" aria-label="Filter shipments" onSubmit={(event) => event.preventDefault()}>
      <label>
        Tracking number
        <input type="search" value={view.search ?? ''} onChange={set('search')} placeholder="WB…" autoComplete="off" />
      </label>
      <label>
        Carrier
        <select value={view.carrier ?? ''} onChange={set('carrier')}>
          <option value="">All carriers</option>
          {carriers.map((carrier) => (
            <option key={carrier} value={carrier}>
              {carrier}
            </option>
          ))}
        </select>
      </label>
      <label>
        Region
        <select value={view.region ?? ''} onChange={set('region')}>
          <option value="">All regions</option>
          {regions.map((region) => (
            <option key={region} value={region}>
              {region}
            </option>
          ))}
        </select>
      </label>
      <label>
        Service level
        <select value={view.serviceLevel ?? ''} onChange={set('serviceLevel')}>
          <option value="">All service levels</option>
          {SERVICE_LEVELS.map((level) => (
            <option key={level} value={level}>
              {SERVICE_LEVEL_LABELS[level]}
            </option>
          ))}
        </select>
      </label>
      <label>
        SLA state
        <select value={view.slaState ?? ''} onChange={(event) => onChange({ ...view, slaState: (event.target.value || undefined) as SlaState | undefined })}>
          <option value="">All states</option>
          {BOARD_SLA_STATES.map((state) => (
            <option key={state} value={state}>
              {SLA_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
