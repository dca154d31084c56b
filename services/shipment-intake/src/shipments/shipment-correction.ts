import type { Address, Recipient } from '@waybill/contracts';
import { timeZoneFor } from '../promise/country-time-zones';
import type { CorrectShipmentRequest } from './correct-shipment.request';

export interface Correctable {
  recipient: Recipient;
  origin: Address;
  destination: Address;
}

export interface Correction extends Correctable {
  /** Dotted paths of the fields whose value changed, e.g. `destination.postalCode`. */
  changedFields: string[];
}

function changedKeys(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => (before as Record<string, unknown>)[key] !== (after as Record<string, unknown>)[key]);
}

function correctAddress(current: Address, patch: Partial<Address> | undefined): Address {
  if (!patch) return current;
  const corrected = { ...current, ...patch };
  // A new country without a zone of its own gets the new country's zone, not the old one's.
  if (patch.country !== undefined && patch.country !== current.country && patch.timeZone === undefined) {
    corrected.timeZone = timeZoneFor({ country: patch.country });
  }
  return corrected;
}

/** Applies a contact/address correction; fields not named keep their value. */
export function applyCorrection(current: Correctable, patch: CorrectShipmentRequest): Correction {
  const recipient = patch.recipient ? { ...current.recipient, ...patch.recipient } : current.recipient;
  const origin = correctAddress(current.origin, patch.origin);
  const destination = correctAddress(current.destination, patch.destination);
  const changedFields = [
    ...changedKeys(current.recipient, recipient).map((key) => `recipient.${key}`),
    ...changedKeys(current.origin, origin).map((key) => `origin.${key}`),
    ...changedKeys(current.destination, destination).map((key) => `destination.${key}`),
  ];
  return { recipient, origin, destination, changedFields };
}
