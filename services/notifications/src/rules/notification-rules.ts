import * as fs from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { AtRiskReasonSchema, ShipmentStatusSchema, SlaStateSchema } from '@waybill/contracts';

export const NOTIFICATION_KINDS = [
  'out_for_delivery',
  'at_risk',
  'breached',
  'delivery_attempt_failed',
  'delivered',
  'exception',
] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** The events a rule may fire on. */
export const TRIGGER_TYPES = [
  'tracking.status_changed',
  'tracking.eta_updated',
  'sla.at_risk',
  'sla.late',
  'sla.breached',
  'sla.met',
  'sla.delivered_late',
  'sla.recovered',
] as const;
export const TriggerTypeSchema = z.enum(TRIGGER_TYPES);
export type TriggerType = z.infer<typeof TriggerTypeSchema>;

export const CustomerChannelSchema = z.enum(['email', 'sms']);
export type CustomerChannel = z.infer<typeof CustomerChannelSchema>;

export const NotificationRuleSchema = z.object({
  kind: NotificationKindSchema,
  on: TriggerTypeSchema,
  /** For `tracking.status_changed`: the statuses that fire the rule. */
  statuses: z.array(ShipmentStatusSchema).min(1).optional(),
  /** For `sla.at_risk`: the reasons that fire the rule. */
  reasons: z.array(AtRiskReasonSchema).min(1).optional(),
  /** The rule stays silent while the shipment's SLA state is one of these. */
  unlessSlaStates: z.array(SlaStateSchema).default([]),
  channels: z.array(CustomerChannelSchema).min(1),
  /** Whether the recipient's quiet hours hold this notification back. */
  respectQuietHours: z.boolean().default(true),
});
export type NotificationRule = z.infer<typeof NotificationRuleSchema>;

export const NotificationRulesSchema = z.object({ rules: z.array(NotificationRuleSchema).min(1) });

/**
 * The default rules (DESIGN.md §1, issue 6): out for delivery while still on time, possible
 * delay, late with an apology, a failed delivery attempt, delivered, an exception.
 * NOTIFICATION_RULES_FILE replaces them with the same shape in YAML or JSON.
 */
export const DEFAULT_RULES: NotificationRule[] = NotificationRulesSchema.parse({
  rules: [
    {
      kind: 'out_for_delivery',
      on: 'tracking.status_changed',
      statuses: ['out_for_delivery'],
      unlessSlaStates: ['late', 'breached'],
      channels: ['email', 'sms'],
    },
    // A failed attempt or an exception already has its own message: no second "may be late".
    {
      kind: 'at_risk',
      on: 'sla.at_risk',
      reasons: ['eta_past_promise', 'not_out_for_delivery_by_cutoff', 'no_scan_too_long'],
      channels: ['email'],
    },
    { kind: 'breached', on: 'sla.breached', channels: ['email', 'sms'], respectQuietHours: false },
    {
      kind: 'delivery_attempt_failed',
      on: 'tracking.status_changed',
      statuses: ['delivery_attempt_failed'],
      channels: ['email', 'sms'],
    },
    { kind: 'delivered', on: 'tracking.status_changed', statuses: ['delivered'], channels: ['email'] },
    { kind: 'exception', on: 'tracking.status_changed', statuses: ['exception'], channels: ['email'] },
  ],
}).rules;

/** Reads a rules file; a bad one stops the service with the file and the field named. */
export function loadRules(file: string | undefined): NotificationRule[] {
  if (!file) return DEFAULT_RULES;
  const text = fs.readFileSync(file, 'utf8');
  const raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  const result = NotificationRulesSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`NOTIFICATION_RULES_FILE ${file}: ${problems}`);
  }
  return result.data.rules;
}
