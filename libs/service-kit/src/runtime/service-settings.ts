/** What a service module needs from its host, whichever mode hosts it. */
export interface ServiceSettings {
  databaseUrl: string;
  trackingTokenSecret: string;
  publicBaseUrl: string;
  outboxPollMs: number;
}
