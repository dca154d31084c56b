import { applyCorrection, Correctable } from './shipment-correction';

function aShipment(): Correctable {
  return {
    recipient: { name: 'Ada Lovelace', email: 'ada@example.com', locale: 'en' },
    origin: { city: 'Lyon', postalCode: '69001', country: 'FR', timeZone: 'Europe/Paris' },
    destination: { city: 'Paris', postalCode: '75001', country: 'FR', timeZone: 'Europe/Paris' },
  };
}

describe('applyCorrection', () => {
  it('changes the fields given and keeps the others', () => {
    const corrected = applyCorrection(aShipment(), { recipient: { email: 'ada@lovelace.example' }, destination: { postalCode: '75002' } });
    expect(corrected.recipient).toEqual({ name: 'Ada Lovelace', email: 'ada@lovelace.example', locale: 'en' });
    expect(corrected.destination).toEqual({ city: 'Paris', postalCode: '75002', country: 'FR', timeZone: 'Europe/Paris' });
    expect(corrected.origin).toEqual(aShipment().origin);
    expect(corrected.changedFields).toEqual(['recipient.email', 'destination.postalCode']);
  });

  it('lists nothing as changed when the correction repeats the current values', () => {
    expect(applyCorrection(aShipment(), { recipient: { name: 'Ada Lovelace' }, origin: { city: 'Lyon' } }).changedFields).toEqual([]);
  });

  it("moves the destination to the new country's time zone when the country changes without a zone", () => {
    const corrected = applyCorrection(aShipment(), { destination: { country: 'DE', city: 'Berlin', postalCode: '10115' } });
    expect(corrected.destination.timeZone).toBe('Europe/Berlin');
    expect(corrected.changedFields).toEqual(
      expect.arrayContaining(['destination.country', 'destination.city', 'destination.postalCode', 'destination.timeZone']),
    );
  });

  it('keeps a zone given with the new country', () => {
    const corrected = applyCorrection(aShipment(), { destination: { country: 'US', timeZone: 'America/Chicago' } });
    expect(corrected.destination.timeZone).toBe('America/Chicago');
  });

  it('adds a phone number the recipient did not have', () => {
    const corrected = applyCorrection(aShipment(), { recipient: { phone: '+33 6 12 34 56 78' } });
    expect(corrected.recipient.phone).toBe('+33 6 12 34 56 78');
    expect(corrected.changedFields).toEqual(['recipient.phone']);
  });
});
