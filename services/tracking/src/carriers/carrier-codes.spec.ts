import { carrierCodes, carrierCodeTable } from './carrier-codes';

describe('carrier code mapping', () => {
  it.each([
    ['dhl', 'PU', 'picked_up', undefined],
    ['dhl', 'WC', 'out_for_delivery', undefined],
    ['dhl', 'NH', 'delivery_attempt_failed', 'consignee_not_home'],
    ['dhl', 'CD', 'exception', 'customs_delay'],
    ['dhl', 'OK', 'delivered', undefined],
    ['ups', 'P', 'picked_up', undefined],
    ['ups', 'I:OF', 'out_for_delivery', undefined],
    ['ups', 'X:48', 'delivery_attempt_failed', 'consignee_not_home'],
    ['ups', 'X:WD', 'exception', 'weather_delay'],
    ['ups', 'D', 'delivered', undefined],
    ['ups', 'RS:DL', 'returned_to_sender', undefined],
  ])('maps %s code %s to %s (reason %p)', (carrier, code, status, reasonCode) => {
    const mapped = carrierCodes(carrier, code);
    expect(mapped.status).toBe(status);
    expect(mapped.reasonCode).toBe(reasonCode);
  });

  it('ignores case and surrounding spaces in carrier names and codes', () => {
    expect(carrierCodes('DHL', ' pu ').status).toBe('picked_up');
    expect(carrierCodes('UPS', 'i:of').status).toBe('out_for_delivery');
  });

  it.each([
    ['a code the carrier does not define', 'dhl', 'ZZ'],
    ['another carrier’s code', 'dhl', 'I:OF'],
    ['a carrier without a mapping', 'acme-post', 'PU'],
  ])('reads %s as unknown', (_what, carrier, code) => {
    expect(carrierCodes(carrier, code)).toEqual({ status: 'unknown' });
  });

  it('refuses a mapping file whose status is not canonical, naming the carrier and the code', () => {
    expect(() => carrierCodeTable([{ carrier: 'acme', codes: { DL: { status: 'delayed' } } }])).toThrow(
      /carrier mapping acme is invalid: codes\.DL\.status/,
    );
  });

  it('refuses a mapping file with an unknown reason code', () => {
    expect(() =>
      carrierCodeTable([{ carrier: 'acme', codes: { X: { status: 'exception', reasonCode: 'aliens' } } }]),
    ).toThrow(/reasonCode/);
  });
});
