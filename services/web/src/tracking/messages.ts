import type { ReasonCode, ShipmentStatus, SlaState, TrackingUpdate } from '@waybill/contracts';
import type { NotificationKind } from '../api/api-types';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Messages {
  pageTitle: string;
  trackingNumber: string;
  status: string;
  promisedBy: string;
  eta: string;
  etaUnknown: string;
  timeline: string;
  noEvents: string;
  delayPossible: string;
  delayLate: string;
  delayLateDetail: string;
  delayPossibleDetail: string;
  deliveredOnTime: string;
  deliveredLate: string;
  notFound: string;
  loadError: string;
  live: string;
  reconnecting: string;
  notifications: string;
  notificationsHelp: string;
  optOutAll: string;
  preferencesNeedLink: string;
  optedOutNotice: string;
  kinds: Record<NotificationKind, string>;
  save: string;
  saved: string;
  preferencesUnavailable: string;
  language: string;
  statuses: Record<ShipmentStatus | 'unknown', string>;
  reasons: Record<ReasonCode, string>;
}

const en: Messages = {
  pageTitle: 'Track your parcel',
  trackingNumber: 'Tracking number',
  status: 'Status',
  promisedBy: 'Promised by',
  eta: 'Estimated delivery',
  etaUnknown: 'not known yet',
  timeline: 'Journey',
  noEvents: 'No scans yet: your parcel has been registered.',
  delayPossible: 'Your parcel may be delayed',
  delayPossibleDetail: 'We are watching it closely and will tell you as soon as we know more.',
  delayLate: 'Your parcel is late',
  delayLateDetail: 'We are sorry: it missed the promised delivery time. It is still on its way.',
  deliveredOnTime: 'Delivered on time',
  deliveredLate: 'Delivered late',
  notFound: 'We could not find this parcel. Please check the link you received.',
  loadError: 'Tracking is unavailable right now. Please try again in a moment.',
  live: 'Live updates on',
  reconnecting: 'Reconnecting…',
  notifications: 'Notifications',
  notificationsHelp: 'Choose which messages you receive about this parcel.',
  optOutAll: 'Stop all messages about my parcels',
  preferencesNeedLink: 'To choose your messages, open this page from the link at the bottom of any message we sent you.',
  optedOutNotice: 'You receive no messages about your parcels.',
  kinds: {
    out_for_delivery: 'Out for delivery',
    at_risk: 'Possible delay',
    breached: 'Late delivery',
    delivery_attempt_failed: 'Failed delivery attempt',
    delivered: 'Delivered',
    exception: 'Problem in transit',
  },
  save: 'Save my choices',
  saved: 'Saved',
  preferencesUnavailable: 'Notification choices cannot be changed right now.',
  language: 'Language',
  statuses: {
    created: 'Registered',
    info_received: 'Information received',
    picked_up: 'Picked up',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    available_for_pickup: 'Ready for pickup',
    delivery_attempt_failed: 'Delivery attempt failed',
    exception: 'Problem in transit',
    returning_to_sender: 'Returning to sender',
    delivered: 'Delivered',
    returned_to_sender: 'Returned to sender',
    cancelled: 'Cancelled',
    expired: 'Expired',
    unknown: 'Update from the carrier',
  },
  reasons: {
    consignee_not_home: 'nobody was home',
    carrier_sorting_error: 'sorting error at the carrier',
    customs_delay: 'held at customs',
    weather_delay: 'weather conditions',
    address_not_found: 'address not found',
    damaged: 'parcel damaged',
    refused_by_consignee: 'refused at delivery',
    other: 'other reason',
  },
};

const fr: Messages = {
  pageTitle: 'Suivez votre colis',
  trackingNumber: 'Numéro de suivi',
  status: 'Statut',
  promisedBy: 'Livraison promise avant',
  eta: 'Livraison estimée',
  etaUnknown: 'pas encore connue',
  timeline: 'Parcours',
  noEvents: 'Pas encore de scan : votre colis est enregistré.',
  delayPossible: 'Votre colis pourrait avoir du retard',
  delayPossibleDetail: 'Nous le suivons de près et vous préviendrons dès que nous en saurons plus.',
  delayLate: 'Votre colis est en retard',
  delayLateDetail: 'Toutes nos excuses : l’heure de livraison promise est dépassée. Il est toujours en route.',
  deliveredOnTime: 'Livré à temps',
  deliveredLate: 'Livré en retard',
  notFound: 'Nous ne trouvons pas ce colis. Vérifiez le lien que vous avez reçu.',
  loadError: 'Le suivi est indisponible pour le moment. Réessayez dans un instant.',
  live: 'Mises à jour en direct',
  reconnecting: 'Reconnexion…',
  notifications: 'Notifications',
  notificationsHelp: 'Choisissez les messages que vous recevez pour ce colis.',
  optOutAll: 'Ne plus recevoir de messages pour mes colis',
  preferencesNeedLink: 'Pour choisir vos messages, ouvrez cette page depuis le lien en bas de l’un de nos messages.',
  optedOutNotice: 'Vous ne recevez aucun message concernant vos colis.',
  kinds: {
    out_for_delivery: 'En cours de livraison',
    at_risk: 'Retard possible',
    breached: 'Livraison en retard',
    delivery_attempt_failed: 'Échec de livraison',
    delivered: 'Livré',
    exception: 'Incident de transport',
  },
  save: 'Enregistrer mes choix',
  saved: 'Enregistré',
  preferencesUnavailable: 'Les choix de notification ne peuvent pas être modifiés pour le moment.',
  language: 'Langue',
  statuses: {
    created: 'Enregistré',
    info_received: 'Informations reçues',
    picked_up: 'Pris en charge',
    in_transit: 'En transit',
    out_for_delivery: 'En cours de livraison',
    available_for_pickup: 'Disponible au point de retrait',
    delivery_attempt_failed: 'Échec de la tentative de livraison',
    exception: 'Incident de transport',
    returning_to_sender: 'En retour vers l’expéditeur',
    delivered: 'Livré',
    returned_to_sender: 'Retourné à l’expéditeur',
    cancelled: 'Annulé',
    expired: 'Expiré',
    unknown: 'Information du transporteur',
  },
  reasons: {
    consignee_not_home: 'destinataire absent',
    carrier_sorting_error: 'erreur de tri du transporteur',
    customs_delay: 'retenu en douane',
    weather_delay: 'conditions météo',
    address_not_found: 'adresse introuvable',
    damaged: 'colis endommagé',
    refused_by_consignee: 'refusé à la livraison',
    other: 'autre raison',
  },
};

export const MESSAGES: Record<Language, Messages> = { en, fr };

/** `?lang=fr` first, then the browser's preferred languages, then English. */
export function pickLanguage(requested: string | null, preferred: readonly string[]): Language {
  for (const candidate of [requested, ...preferred]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base ?? '')) return base as Language;
  }
  return 'en';
}

const FINAL: readonly ShipmentStatus[] = ['delivered', 'returned_to_sender', 'cancelled', 'expired'];

/** Delivered, returned, cancelled or expired: nothing left to be late for. */
export function isParcelDone(status: ShipmentStatus): boolean {
  return FINAL.includes(status);
}

/** What the customer is told about timing, from the SLA state (as the live feed words it). */
export function delayOf(slaState: SlaState, status: ShipmentStatus): TrackingUpdate['delay'] {
  if (isParcelDone(status)) return 'none';
  if (slaState === 'at_risk') return 'possible';
  if (slaState === 'late' || slaState === 'breached') return 'late';
  return 'none';
}
