import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { NotificationKind } from '../rules/notification-rules';
import { DEFAULT_LOCALE, MessageTemplate, TEMPLATES } from './message-templates';

export interface MessageFacts {
  kind: NotificationKind;
  locale: string;
  name: string;
  trackingNumber: string;
  trackingUrl: string;
  optOutUrl: string;
  /** The tracking page's notification-preference form for this recipient (emails only). */
  preferencesUrl: string;
  promisedBy: string;
  eta: string | null;
  deliveredAt: string | null;
  reasonCode: string | null;
  late: boolean;
  timeZone: string | null;
}

export interface RenderedMessage {
  locale: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
}

type Compiled = { [K in keyof MessageTemplate]: Handlebars.TemplateDelegate };
const compiled = new Map<string, Compiled>();
const footers = new Map<string, Handlebars.TemplateDelegate>();

/** `fr-CA` → `fr`; anything we have no templates for → English. */
export function templateLocale(locale: string): string {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return language in TEMPLATES ? language : DEFAULT_LOCALE;
}

function compiledFor(locale: string, kind: NotificationKind): Compiled {
  const key = `${locale}:${kind}`;
  let entry = compiled.get(key);
  if (!entry) {
    const source = TEMPLATES[locale][kind];
    // Text goes out as text/plain; the HTML part escapes it separately.
    const options = { noEscape: true, strict: false };
    entry = {
      subject: Handlebars.compile(source.subject, options),
      text: Handlebars.compile(source.text, options),
      sms: Handlebars.compile(source.sms, options),
    };
    compiled.set(key, entry);
  }
  return entry;
}

function footerFor(locale: string): Handlebars.TemplateDelegate {
  let footer = footers.get(locale);
  if (!footer) {
    footer = Handlebars.compile(TEMPLATES[locale].footer, { noEscape: true });
    footers.set(locale, footer);
  }
  return footer;
}

function formatTime(iso: string | null, locale: string, zone: string | null): string | null {
  if (!iso) return null;
  const time = DateTime.fromISO(iso, { zone: zone ?? 'UTC' });
  const shown = time.isValid ? time : DateTime.fromISO(iso, { zone: 'UTC' });
  return shown.setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

function toHtml(text: string, footer: string): string {
  const paragraphs = [...text.split(/\n{2,}/), footer].map(
    (paragraph) => `<p>${Handlebars.escapeExpression(paragraph).replace(/\n/g, '<br>')}</p>`,
  );
  return `<!doctype html><html><body>${paragraphs.join('')}</body></html>`;
}

/** Renders one notification in the recipient's language (handlebars templates). Pure. */
export function renderMessage(facts: MessageFacts): RenderedMessage {
  const locale = templateLocale(facts.locale);
  const templates = compiledFor(locale, facts.kind);
  const context = {
    name: facts.name,
    trackingNumber: facts.trackingNumber,
    trackingUrl: facts.trackingUrl,
    optOutUrl: facts.optOutUrl,
    preferencesUrl: facts.preferencesUrl,
    promisedBy: formatTime(facts.promisedBy, locale, facts.timeZone),
    eta: formatTime(facts.eta, locale, facts.timeZone),
    deliveredAt: formatTime(facts.deliveredAt, locale, facts.timeZone),
    reason: facts.reasonCode ? TEMPLATES[locale].reasons[facts.reasonCode] ?? null : null,
    late: facts.late,
  };
  const text = templates.text(context);
  const footer = footerFor(locale)(context);
  return {
    locale,
    subject: templates.subject(context),
    text: `${text}\n\n${footer}`,
    html: toHtml(text, footer),
    sms: templates.sms(context),
  };
}
