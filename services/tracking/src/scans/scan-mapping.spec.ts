import { Scan } from '@waybill/contracts';
import { carrierCodes } from '../carriers/carrier-codes';
import { placeScan } from './scan-mapping';

const base: Scan = { carrierEventId: 'evt-1', trackingNumber: 'WB0123456789ABCDEF', occurredAt: '2025-03-03T09:15:00+01:00' };

describe('placing a scan on the timeline', () => {
  it('maps a carrier code under the shipment’s carrier when the scan names none', () => {
    const placed = placeScan({ ...base, carrierCode: 'NH' }, 'DHL', carrierCodes);
    expect(placed).toMatchObject({
      key: 'dhl:evt-1',
      carrier: 'dhl',
      status: 'delivery_attempt_failed',
      reasonCode: 'consignee_not_home',
      carrierCode: 'NH',
      description: 'Recipient not at home',
      at: Date.parse('2025-03-03T08:15:00Z'),
    });
  });

  it('uses the carrier the scan names over the shipment’s', () => {
    expect(placeScan({ ...base, carrier: 'ups', carrierCode: 'D' }, 'dhl', carrierCodes)).toMatchObject({
      key: 'ups:evt-1',
      status: 'delivered',
    });
  });

  it('lets a canonical status win over a carrier code, and the sender’s reason over the mapping’s', () => {
    const placed = placeScan(
      { ...base, carrierCode: 'NH', status: 'exception', reasonCode: 'damaged', substatus: 'Box crushed' },
      'dhl',
      carrierCodes,
    );
    expect(placed).toMatchObject({ status: 'exception', reasonCode: 'damaged', substatus: 'Box crushed' });
  });

  it('marks a code the mapping does not know as unknown', () => {
    expect(placeScan({ ...base, carrierCode: 'Q7' }, 'dhl', carrierCodes)).toMatchObject({
      status: 'unknown',
      carrierCode: 'Q7',
      description: null,
    });
  });
});
