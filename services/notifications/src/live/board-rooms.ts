import { BOARD_FILTER_KEYS, BoardFilters } from '@waybill/contracts';

export type BoardAttributes = Record<(typeof BOARD_FILTER_KEYS)[number], string>;

const PREFIX = 'board';

/** One room per filter combination: `board` (everything) or `board:carrier=dhl&region=FR`. */
export function roomFor(filters: BoardFilters = {}): string {
  const parts = BOARD_FILTER_KEYS.filter((key) => filters[key] !== undefined).map(
    (key) => `${key}=${encodeURIComponent(filters[key]!)}`,
  );
  return parts.length === 0 ? PREFIX : `${PREFIX}:${parts.join('&')}`;
}

export function filtersOfRoom(room: string): BoardFilters | null {
  if (room === PREFIX) return {};
  if (!room.startsWith(`${PREFIX}:`)) return null;
  const filters: BoardFilters = {};
  for (const part of room.slice(PREFIX.length + 1).split('&')) {
    const [key, value] = part.split('=');
    if (!(BOARD_FILTER_KEYS as readonly string[]).includes(key) || value === undefined) return null;
    filters[key as keyof BoardFilters] = decodeURIComponent(value);
  }
  return filters;
}

/** Whether a message about a shipment with these attributes belongs to a room with these filters. */
export function matchesFilters(filters: BoardFilters, attributes: BoardAttributes): boolean {
  return BOARD_FILTER_KEYS.every((key) => filters[key] === undefined || filters[key] === attributes[key]);
}
