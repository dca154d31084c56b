import { IntegrationPrincipal } from '../principal';
import { ApiKeyCache } from './api-key-cache';

const principal = (keyId: string): IntegrationPrincipal => ({ kind: 'integration', keyId, name: keyId, scopes: ['scans:write'] });

describe('ApiKeyCache', () => {
  let now = 1_000;
  const cache = (maxEntries = 3, ttlMs = 60_000) => new ApiKeyCache({ maxEntries, ttlMs }, () => now);

  beforeEach(() => (now = 1_000));

  it('holds nothing until its change feed listens, and forgets everything when the feed is lost', () => {
    const keys = cache();
    keys.set('h1', principal('k1'), keys.startLookup());
    expect(keys.get('h1')).toBeUndefined();

    keys.setListening(true);
    keys.set('h1', principal('k1'), keys.startLookup());
    expect(keys.get('h1')).toEqual(principal('k1'));

    keys.setListening(false);
    expect(keys.get('h1')).toBeUndefined();
    keys.setListening(true);
    expect(keys.get('h1')).toBeUndefined();
  });

  it('drops a changed key', () => {
    const keys = cache();
    keys.setListening(true);
    keys.set('h1', principal('k1'), keys.startLookup());
    keys.set('h2', principal('k2'), keys.startLookup());
    keys.evict('h1');
    expect(keys.get('h1')).toBeUndefined();
    expect(keys.get('h2')).toEqual(principal('k2'));
  });

  it('does not cache the answer of a lookup that started before a change was heard', () => {
    const keys = cache();
    keys.setListening(true);
    const generation = keys.startLookup();
    keys.evict('h1'); // the revocation commits while the lookup's query is on its way
    keys.set('h1', principal('k1'), generation);
    expect(keys.get('h1')).toBeUndefined();
  });

  it('lets entries expire and keeps at most maxEntries, dropping the oldest', () => {
    const keys = cache(2, 1_000);
    keys.setListening(true);
    keys.set('h1', principal('k1'), keys.startLookup());
    keys.set('h2', principal('k2'), keys.startLookup());
    keys.set('h3', principal('k3'), keys.startLookup());
    expect(keys.get('h1')).toBeUndefined();
    expect(keys.get('h3')).toEqual(principal('k3'));
    expect(keys.size).toBe(2);

    now += 1_000;
    expect(keys.get('h2')).toBeUndefined();
    expect(keys.get('h3')).toBeUndefined();
  });
});
