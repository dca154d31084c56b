import { NotificationKind } from '../rules/notification-rules';

/** One message in one language: handlebars sources for the email subject and body and the SMS. */
export interface MessageTemplate {
  subject: string;
  /** Plain text; blank lines separate paragraphs (the HTML part is built from the same text). */
  text: string;
  sms: string;
}

export type TemplateSet = Record<NotificationKind, MessageTemplate> & {
  reasons: Record<string, string>;
  footer: string;
};

const en: TemplateSet = {
  out_for_delivery: {
    subject: 'Your parcel {{trackingNumber}} is out for delivery',
    text: 'Hello {{name}},\n\nGood news: your parcel {{trackingNumber}} is out for delivery and on time for {{promisedBy}}.\n\nFollow it here: {{trackingUrl}}',
    sms: 'Waybill: parcel {{trackingNumber}} is out for delivery today. {{trackingUrl}}',
  },
  at_risk: {
    subject: 'Your parcel {{trackingNumber}} may be delayed',
    text: 'Hello {{name}},\n\nYour parcel {{trackingNumber}} may not arrive by {{promisedBy}} as promised.{{#if eta}} Our new estimate is {{eta}}.{{/if}}\n\nWe are keeping an eye on it: {{trackingUrl}}',
    sms: 'Waybill: parcel {{trackingNumber}} may be delayed.{{#if eta}} New estimate: {{eta}}.{{/if}} {{trackingUrl}}',
  },
  breached: {
    subject: 'We are sorry: your parcel {{trackingNumber}} is late',
    text: 'Hello {{name}},\n\nWe are sorry: your parcel {{trackingNumber}} did not arrive by {{promisedBy}} as we promised.{{#if eta}} Our new estimate is {{eta}}.{{/if}} We apologise for the inconvenience.\n\nFollow it here: {{trackingUrl}}',
    sms: 'Waybill: sorry, parcel {{trackingNumber}} is late.{{#if eta}} New estimate: {{eta}}.{{/if}} {{trackingUrl}}',
  },
  delivery_attempt_failed: {
    subject: 'We could not deliver your parcel {{trackingNumber}}',
    text: 'Hello {{name}},\n\nWe tried to deliver your parcel {{trackingNumber}} but could not{{#if reason}} ({{reason}}){{/if}}.\n\nSee what happens next: {{trackingUrl}}',
    sms: 'Waybill: delivery of {{trackingNumber}} failed{{#if reason}} ({{reason}}){{/if}}. {{trackingUrl}}',
  },
  delivered: {
    subject: 'Your parcel {{trackingNumber}} has been delivered',
    text: 'Hello {{name}},\n\nYour parcel {{trackingNumber}} was delivered on {{deliveredAt}}.{{#if late}} It came later than we promised, and we are sorry for that.{{/if}}\n\nDetails: {{trackingUrl}}',
    sms: 'Waybill: parcel {{trackingNumber}} delivered.',
  },
  exception: {
    subject: 'A problem with your parcel {{trackingNumber}}',
    text: 'Hello {{name}},\n\nSomething is holding up your parcel {{trackingNumber}}{{#if reason}}: {{reason}}{{/if}}. We are working on it.\n\nFollow it here: {{trackingUrl}}',
    sms: 'Waybill: a problem with parcel {{trackingNumber}}{{#if reason}}: {{reason}}{{/if}}. {{trackingUrl}}',
  },
  reasons: {
    consignee_not_home: 'nobody was at home',
    carrier_sorting_error: 'a sorting error at the carrier',
    customs_delay: 'a customs delay',
    weather_delay: 'bad weather',
    address_not_found: 'the address could not be found',
    damaged: 'the parcel was damaged',
    refused_by_consignee: 'the parcel was refused',
    other: 'an unexpected problem',
  },
  footer:
    'You receive this message about a parcel sent to you. Choose which messages you get: {{preferencesUrl}}\nStop these messages: {{optOutUrl}}',
};

const fr: TemplateSet = {
  out_for_delivery: {
    subject: 'Votre colis {{trackingNumber}} est en cours de livraison',
    text: 'Bonjour {{name}},\n\nBonne nouvelle : votre colis {{trackingNumber}} est en cours de livraison et arrivera comme prévu avant le {{promisedBy}}.\n\nSuivez-le ici : {{trackingUrl}}',
    sms: 'Waybill : le colis {{trackingNumber}} est en cours de livraison. {{trackingUrl}}',
  },
  at_risk: {
    subject: 'Votre colis {{trackingNumber}} risque d’être retardé',
    text: 'Bonjour {{name}},\n\nVotre colis {{trackingNumber}} risque de ne pas arriver avant le {{promisedBy}} comme promis.{{#if eta}} Nouvelle estimation : {{eta}}.{{/if}}\n\nNous le surveillons : {{trackingUrl}}',
    sms: 'Waybill : le colis {{trackingNumber}} risque d’être retardé.{{#if eta}} Nouvelle estimation : {{eta}}.{{/if}} {{trackingUrl}}',
  },
  breached: {
    subject: 'Toutes nos excuses : votre colis {{trackingNumber}} est en retard',
    text: 'Bonjour {{name}},\n\nToutes nos excuses : votre colis {{trackingNumber}} n’est pas arrivé avant le {{promisedBy}} comme nous l’avions promis.{{#if eta}} Nouvelle estimation : {{eta}}.{{/if}} Nous sommes désolés pour ce désagrément.\n\nSuivez-le ici : {{trackingUrl}}',
    sms: 'Waybill : désolés, le colis {{trackingNumber}} est en retard.{{#if eta}} Nouvelle estimation : {{eta}}.{{/if}} {{trackingUrl}}',
  },
  delivery_attempt_failed: {
    subject: 'Nous n’avons pas pu livrer votre colis {{trackingNumber}}',
    text: 'Bonjour {{name}},\n\nNous avons tenté de livrer votre colis {{trackingNumber}} sans succès{{#if reason}} ({{reason}}){{/if}}.\n\nLa suite ici : {{trackingUrl}}',
    sms: 'Waybill : échec de livraison du colis {{trackingNumber}}{{#if reason}} ({{reason}}){{/if}}. {{trackingUrl}}',
  },
  delivered: {
    subject: 'Votre colis {{trackingNumber}} a été livré',
    text: 'Bonjour {{name}},\n\nVotre colis {{trackingNumber}} a été livré le {{deliveredAt}}.{{#if late}} Il est arrivé plus tard que promis, et nous en sommes désolés.{{/if}}\n\nDétails : {{trackingUrl}}',
    sms: 'Waybill : colis {{trackingNumber}} livré.',
  },
  exception: {
    subject: 'Un problème avec votre colis {{trackingNumber}}',
    text: 'Bonjour {{name}},\n\nUn incident retarde votre colis {{trackingNumber}}{{#if reason}} : {{reason}}{{/if}}. Nous nous en occupons.\n\nSuivez-le ici : {{trackingUrl}}',
    sms: 'Waybill : incident sur le colis {{trackingNumber}}{{#if reason}} : {{reason}}{{/if}}. {{trackingUrl}}',
  },
  reasons: {
    consignee_not_home: 'personne n’était présent',
    carrier_sorting_error: 'une erreur de tri du transporteur',
    customs_delay: 'un retard en douane',
    weather_delay: 'les intempéries',
    address_not_found: 'l’adresse est introuvable',
    damaged: 'le colis est endommagé',
    refused_by_consignee: 'le colis a été refusé',
    other: 'un problème inattendu',
  },
  footer:
    'Vous recevez ce message au sujet d’un colis qui vous est adressé. Choisir les messages que vous recevez : {{preferencesUrl}}\nNe plus recevoir ces messages : {{optOutUrl}}',
};

export const TEMPLATES: Record<string, TemplateSet> = { en, fr };
export const DEFAULT_LOCALE = 'en';
