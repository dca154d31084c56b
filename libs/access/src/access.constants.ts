/** The TypeORM connection name and the Postgres schema of the identity store. */
export const ACCESS = 'access';

/** Injection token for the AccessSettings the module was registered with. */
export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');
