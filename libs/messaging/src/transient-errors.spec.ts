import { isTransientDatabaseError } from './transient-errors';

describe('isTransientDatabaseError', () => {
  it.each([
    ['deadlock detected', '40P01', true],
    ['serialization failure', '40001', true],
    ['lock not available', '55P03', true],
    ['connection failure', '08006', true],
    ['unique violation', '23505', false],
    ['invalid text representation', '22P02', false],
  ])('treats %s (%s) as transient: %s', (_name, code, transient) => {
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code }))).toBe(transient);
  });

  it('treats errors without a SQLSTATE as not transient', () => {
    expect(isTransientDatabaseError(new TypeError('bad payload'))).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
  });
});
