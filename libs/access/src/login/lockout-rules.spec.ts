import { DEFAULT_LOCKOUT_RULES as rules, failureDelayMs, lockedUntil, loginGate } from './lockout-rules';

const t0 = new Date('2030-03-01T09:00:00Z').getTime();
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const failuresAt = (...minutes: number[]) => minutes.map(at);

describe('lockout rules (5 account failures or 20 address failures within 15 minutes lock for 15 minutes)', () => {
  it.each<[string, Date[], Date, boolean, number | null]>([
    ['lets a first attempt through', [], at(0), true, null],
    ['lets the fifth attempt through after four failures', failuresAt(0, 1, 2, 3), at(4), true, null],
    ['locks the account after the fifth failure', failuresAt(0, 1, 2, 3, 4), at(5), false, 14],
    ['still locks just before the lock ends', failuresAt(0, 1, 2, 3, 4), at(18.5), false, 0.5],
    ['opens again 15 minutes after the failure that locked it', failuresAt(0, 1, 2, 3, 4), at(19), true, null],
    ['does not lock when five failures spread over more than the window', failuresAt(0, 4, 8, 12, 16), at(17), true, null],
    ['locks when the last five of many spread failures are close', failuresAt(0, 20, 21, 22, 23, 24), at(25), false, 14],
  ])('%s', (_name, failures, now, allowed, retryMinutes) => {
    const gate = loginGate(failures, [], now, rules);
    expect(gate.allowed).toBe(allowed);
    if (!gate.allowed) {
      expect(gate.scope).toBe('account');
      expect(gate.retryAfterMs).toBe(retryMinutes! * 60_000);
    }
  });

  it('locks an address after 20 failures across accounts, even for an account without failures', () => {
    const fromAddress = Array.from({ length: 20 }, (_, i) => at(i * 0.5));
    expect(loginGate([], fromAddress.slice(0, 19), at(10), rules)).toEqual({ allowed: true });
    expect(loginGate([], fromAddress, at(10), rules)).toMatchObject({ allowed: false, scope: 'address' });
  });

  it('reports the latest lock when several thresholds were crossed', () => {
    expect(lockedUntil(failuresAt(0, 1, 2, 3, 4, 5), 5, rules)).toEqual(at(20));
  });
});

describe('failure delay', () => {
  it.each<[number, number]>([
    [1, 0],
    [2, 0],
    [3, 250],
    [4, 500],
    [5, 1000],
    [6, 2000],
    [12, 2000],
  ])('holds back the answer after %i recent failures by %i ms', (failures, delay) => {
    expect(failureDelayMs(failures, rules)).toBe(delay);
  });
});
