import { BadRequestException } from '@nestjs/common';
import { parseScanBatch } from './scan-batch.request';

const good = { carrierEventId: 'e1', trackingNumber: 'WB0123456789ABCDEF', carrier: 'dhl', carrierCode: 'PU', occurredAt: '2025-03-03T08:00:00Z' };

function errorsOf(body: unknown) {
  try {
    parseScanBatch(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { errors: unknown }).errors;
  }
  throw new Error('expected a 400');
}

describe('reading a POST /scans body', () => {
  it('accepts one scan', () => {
    expect(parseScanBatch(good)).toEqual({ single: true, items: [{ ok: true, scan: good }] });
  });

  it('reports each bad scan of a batch with its fields and keeps the good ones', () => {
    const { single, items } = parseScanBatch([good, { ...good, occurredAt: 'yesterday' }, { ...good, carrierCode: undefined }]);
    expect(single).toBe(false);
    expect(items[0]).toEqual({ ok: true, scan: good });
    expect(items[1]).toEqual({ ok: false, errors: [{ field: 'occurredAt', reason: expect.any(String) }] });
    expect(items[2]).toEqual({ ok: false, errors: [{ field: 'status', reason: 'either carrierCode or status is required' }] });
  });

  it('answers 400 with the fields for a single bad scan', () => {
    expect(errorsOf({ ...good, trackingNumber: 'WB1' })).toEqual([{ field: 'trackingNumber', reason: expect.any(String) }]);
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['a number', 42],
    ['an empty array', []],
  ])('answers 400 for %s', (_what, body) => {
    expect(errorsOf(body)).toEqual([{ field: 'body', reason: expect.any(String) }]);
  });

  it('answers 400 for more than 5,000 scans', () => {
    expect(errorsOf(Array.from({ length: 5001 }, () => good))).toEqual([
      { field: 'body', reason: 'must hold at most 5000 scans per request' },
    ]);
  });
});
