import type { FieldError } from '@waybill/service-kit';

/** CSV column → where it goes in a `POST /shipments` body. One row is one shipment with one parcel. */
export const CSV_COLUMNS: Record<string, { path: string[]; numeric?: true }> = {
  merchantReference: { path: ['merchantReference'] },
  serviceLevel: { path: ['serviceLevel'] },
  carrier: { path: ['carrier'] },
  promisedBy: { path: ['promisedBy'] },
  recipientName: { path: ['recipient', 'name'] },
  recipientEmail: { path: ['recipient', 'email'] },
  recipientPhone: { path: ['recipient', 'phone'] },
  recipientLocale: { path: ['recipient', 'locale'] },
  originLine1: { path: ['origin', 'line1'] },
  originCity: { path: ['origin', 'city'] },
  originPostalCode: { path: ['origin', 'postalCode'] },
  originCountry: { path: ['origin', 'country'] },
  originRegion: { path: ['origin', 'region'] },
  originTimeZone: { path: ['origin', 'timeZone'] },
  destinationLine1: { path: ['destination', 'line1'] },
  destinationCity: { path: ['destination', 'city'] },
  destinationPostalCode: { path: ['destination', 'postalCode'] },
  destinationCountry: { path: ['destination', 'country'] },
  destinationRegion: { path: ['destination', 'region'] },
  destinationTimeZone: { path: ['destination', 'timeZone'] },
  weightGrams: { path: ['parcels', '0', 'weightGrams'], numeric: true },
  lengthCm: { path: ['parcels', '0', 'lengthCm'], numeric: true },
  widthCm: { path: ['parcels', '0', 'widthCm'], numeric: true },
  heightCm: { path: ['parcels', '0', 'heightCm'], numeric: true },
};

export const REQUIRED_CSV_COLUMNS = [
  'serviceLevel',
  'carrier',
  'recipientName',
  'originCity',
  'originPostalCode',
  'originCountry',
  'destinationCity',
  'destinationPostalCode',
  'destinationCountry',
  'weightGrams',
];

const columnByPath = new Map(Object.entries(CSV_COLUMNS).map(([column, { path }]) => [path.join('.'), column]));

/** Problems with the header line: unknown, repeated or missing columns. */
export function headerProblems(header: string[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (!(column in CSV_COLUMNS)) problems.push({ field: column || '(empty)', reason: 'is not a known column' });
    else if (seen.has(column)) problems.push({ field: column, reason: 'appears twice in the header' });
    seen.add(column);
  }
  for (const column of REQUIRED_CSV_COLUMNS) {
    if (!seen.has(column)) problems.push({ field: column, reason: 'required column is missing from the header' });
  }
  return problems;
}

/** Builds the request body a CSV record stands for; empty cells are left out. */
export function csvRecordToRequest(record: Record<string, string>): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const spec = CSV_COLUMNS[column];
    const value = raw.trim();
    if (!spec || value === '') continue;
    let target = request;
    for (const key of spec.path.slice(0, -1)) {
      target[key] ??= key === 'parcels' ? [] : {};
      target = target[key] as Record<string, unknown>;
    }
    target[spec.path[spec.path.length - 1]] = spec.numeric && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return request;
}

/** Names a validation problem by the CSV column it came from. */
export function columnOf(field: string): string {
  if (columnByPath.has(field)) return columnByPath.get(field)!;
  if (field === 'parcels' || field === 'parcels.0') return 'weightGrams';
  if (field === 'recipient') return 'recipientName';
  if (field === 'origin' || field === 'destination') return `${field}City`;
  return field;
}
