/** Service name: its TypeORM connection and its consumer groups (`waybill.notifications`). */
export const NOTIFICATIONS = 'notifications';

/** The notification rules in force (NotificationRule[]). */
export const NOTIFICATION_RULES = Symbol('NOTIFICATION_RULES');
