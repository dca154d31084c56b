import { ConcurrentWriteError, isTransientDatabaseError, isUniqueViolation } from './transient-errors';

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

describe('ConcurrentWriteError', () => {
  it('is retried like a serialization failure', () => {
    expect(isTransientDatabaseError(new ConcurrentWriteError('lost a race on a key'))).toBe(true);
  });
});

describe('isUniqueViolation', () => {
  const violation = (constraint: string) => Object.assign(new Error('duplicate key'), { code: '23505', constraint });

  it('recognises a duplicate of the given constraint only', () => {
    expect(isUniqueViolation(violation('timeline_entries_pkey'), 'timeline_entries_pkey')).toBe(true);
    expect(isUniqueViolation(violation('parked_scans_pkey'), 'timeline_entries_pkey')).toBe(false);
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: '40001' }), 'timeline_entries_pkey')).toBe(false);
    expect(isUniqueViolation(undefined, 'timeline_entries_pkey')).toBe(false);
  });
});
