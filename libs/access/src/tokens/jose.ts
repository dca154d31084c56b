import type * as Jose from 'jose';

/**
 * jose 6 ships ES modules only. Node (>= 20.19) `require`s them natively, but jest's module
 * registry does not, so the library is loaded through Node's own loader. Once jest transforms
 * jose (transformIgnorePatterns), this file can become `export * from 'jose'`.
 */
const nodeModule = process.getBuiltinModule('node:module') as typeof import('node:module');
export const jose = nodeModule.createRequire(__filename)('jose') as typeof Jose;
export type { JWTPayload } from 'jose';
