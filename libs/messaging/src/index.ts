export * from './event-bus';
export * from './kafka/kafka-bus';
export * from './in-process/in-process-bus';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export { OUTBOX_ROW_MESSAGES } from './outbox/outbox-row';
export { KeyPartitioner } from './kafka/key-partitioner';
export * from './consumer/inbox-consumer';
export * from './consumer/event-consumers';
export * from './messaging-tables';
export * from './messaging.module';
export * from './transient-errors';

