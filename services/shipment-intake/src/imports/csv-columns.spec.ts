import { CreateShipmentRequest } from '../shipments/create-shipment.request';
import { columnOf, csvRecordToRequest, headerProblems, CSV_COLUMNS, REQUIRED_CSV_COLUMNS } from './csv-columns';

function aRecord(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    merchantReference: 'ORDER-1',
    serviceLevel: 'express',
    carrier: 'dhl',
    promisedBy: '',
    recipientName: 'Ada Lovelace',
    recipientEmail: 'ada@example.com',
    recipientPhone: '',
    recipientLocale: 'fr',
    originCity: 'Lyon',
    originPostalCode: '69001',
    originCountry: 'FR',
    destinationCity: 'Paris',
    destinationPostalCode: '75001',
    destinationCountry: 'FR',
    weightGrams: '1200',
    lengthCm: '30.5',
    ...overrides,
  };
}

describe('CSV rows as shipment requests', () => {
  it('builds the same body a JSON client would send, leaving empty cells out', () => {
    expect(csvRecordToRequest(aRecord())).toEqual({
      merchantReference: 'ORDER-1',
      serviceLevel: 'express',
      carrier: 'dhl',
      recipient: { name: 'Ada Lovelace', email: 'ada@example.com', locale: 'fr' },
      origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
      destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
      parcels: [{ weightGrams: 1200, lengthCm: 30.5 }],
    });
    expect(CreateShipmentRequest.safeParse(csvRecordToRequest(aRecord())).success).toBe(true);
  });

  it('trims cells', () => {
    expect(csvRecordToRequest(aRecord({ carrier: '  ups ' })).carrier).toBe('ups');
  });

  it('keeps a non-numeric weight as text so validation names it', () => {
    const result = CreateShipmentRequest.safeParse(csvRecordToRequest(aRecord({ weightGrams: 'heavy' })));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => columnOf(i.path.join('.')))).toEqual(['weightGrams']);
  });

  it.each([
    ['recipient.name', 'recipientName'],
    ['destination.country', 'destinationCountry'],
    ['parcels.0.weightGrams', 'weightGrams'],
    ['parcels', 'weightGrams'],
    ['origin', 'originCity'],
    ['serviceLevel', 'serviceLevel'],
  ])('reports a problem with %s under the column %s', (path, column) => {
    expect(columnOf(path)).toBe(column);
  });
});

describe('CSV header', () => {
  it('accepts every known column in any order', () => {
    expect(headerProblems(Object.keys(CSV_COLUMNS).reverse())).toEqual([]);
  });

  it('accepts only the required columns', () => {
    expect(headerProblems(REQUIRED_CSV_COLUMNS)).toEqual([]);
  });

  it('names unknown, repeated and missing columns', () => {
    const header = REQUIRED_CSV_COLUMNS.filter((c) => c !== 'carrier').concat(['colour', 'weightGrams']);
    expect(headerProblems(header)).toEqual([
      { field: 'colour', reason: 'is not a known column' },
      { field: 'weightGrams', reason: 'appears twice in the header' },
      { field: 'carrier', reason: 'required column is missing from the header' },
    ]);
  });
});
