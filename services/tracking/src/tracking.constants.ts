/** The service's name: its TypeORM connection, its consumer groups and its events' `source`. */
export const TRACKING = 'tracking';
