/** Kafka topic names. Every topic is keyed by shipment id (scans: by tracking number). */
export const Topics = {
  shipments: 'waybill.shipments.v1',
  scans: 'waybill.scans.v1',
  tracking: 'waybill.tracking.v1',
  sla: 'waybill.sla.v1',
  notifications: 'waybill.notifications.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** Poison messages from `topic` are parked here with their error and original bytes. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
