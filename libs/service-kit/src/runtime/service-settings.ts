/** What a service module needs from its host, whichever mode hosts it. */
export interface ServiceSettings {
  databaseUrl: string;
  trackingTokenSecret: string;
  publicBaseUrl: string;
  outboxPollMs: number;
}

/** Injection token for the ServiceSettings a service module was registered with. */
export const SERVICE_SETTINGS = Symbol('SERVICE_SETTINGS');
