import { NUL_REASON, NulCharacterError, refuseNulInJsonBody, refuseNulInUrl } from './nul-characters';

/** The body parser's verify step on this JSON text, then the parse it lets through. */
const parseChecked = (text: string) => {
  refuseNulInJsonBody(undefined, undefined, Buffer.from(text));
  return JSON.parse(text);
};

describe('NUL characters (PostgreSQL text cannot hold U+0000)', () => {
  it('lets ordinary JSON through the body check unchanged (an escaped backslash before u0000 is text)', () => {
    expect(parseChecked('{"city":"Zürich","notes":["a\\\\u0000 is fine as text"],"n":1}')).toEqual({
      city: 'Zürich',
      notes: ['a\\u0000 is fine as text'],
      n: 1,
    });
  });

  it('refuses a body with a string or a key holding U+0000', () => {
    expect(() => parseChecked('{"city":"Lyon\\u0000"}')).toThrow(NulCharacterError);
    expect(() => parseChecked('{"lo\\u0000cation":{}}')).toThrow(NUL_REASON);
    expect(() => parseChecked('[{"deep":["x","\\u0000"]}]')).toThrow(NulCharacterError);
  });

  function answerFor(originalUrl: string) {
    const sent: { status?: number; body?: any; next: boolean } = { next: false };
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
    };
    refuseNulInUrl({ originalUrl } as never, response as never, () => (sent.next = true));
    return sent;
  }

  it('refuses %00 in the query or the path with a 400 naming which', () => {
    expect(answerFor('/api/v1/sla/breaches?carrier=dhl%00')).toMatchObject({ status: 400, body: { errors: [{ field: 'query', reason: NUL_REASON }] } });
    expect(answerFor('/api/v1/tracking/WB%00?token=x')).toMatchObject({ status: 400, body: { errors: [{ field: 'path' }] } });
    expect(answerFor('/api/v1/tracking/WB1?token=x%2500')).toMatchObject({ next: true });
  });
});
