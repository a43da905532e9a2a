import type { AmountFact, Contact, DateFact, Offer, PlaceFact } from '../types.ts';
import { foldGerman } from '../text/germanText.ts';
import { CONTACT_CUE, looksLikeOrganisation } from './contactVocabulary.ts';
import { isNotName } from './personNames.ts';
import { SentenceLocator, normalizeSpace } from './sentences.ts';

/**
 * Finds offers — programmes, projects and training formats — with what a reader asks about them:
 * who provides it, for whom, in which format, at what cost and when. Names come only from clear
 * patterns (a quoted name after "Projekt"/"Programm"/…, "unter dem Titel …", "Masterclass II",
 * "Projekt: …" headings); precision matters more than recall.
 */

export interface OfferContext {
  heading?: string;
  title?: string;
}

/** Facts already extracted from the same text, used to fill cost, dates and contact. */
export interface RelatedFacts {
  dates?: DateFact[];
  amounts?: AmountFact[];
  places?: PlaceFact[];
  contacts?: Contact[];
}

interface Found {
  name: string;
  start: number;
  end: number;
}

const OFFER_NOUN =
  '(?:Projekt|Projektes|Projekts|Programm|Programms|Programmes|Förderprogramm|Format|Qualifizierungsformat|Qualifizierungsprogramm|Modul|Lehrgang|Kurs|Seminar|Workshop|Masterclass|Lernreise|Initiative|Vorhaben|Modellvorhaben|Fortbildung|Fortbildungsreihe|Weiterbildung|Veranstaltungsreihe|Reihe|Netzwerk|Plattform|Lernplattform|Weiterbildungsplattform|Angebot|Studiengang|Zertifikatskurs|Traineeprogramm|Projektgruppe|Akademie)';

const QUOTED_AFTER_NOUN = new RegExp(`(?<!\\p{L})${OFFER_NOUN}\\s*:?\\s*„([^“”"\\n]{2,80})[“”"]`, 'gu');
const UNDER_TITLE = /[Uu]nter\s+dem\s+(?:Titel|Namen|Motto|Label)\s+(„[^“”"\n]{2,80}[“”"]|"[^"\n]{2,80}"|#[\p{L}\d_]{3,40}|\p{Lu}[^,.;:\n]{1,60})/gu;
const NUMBERED_FORMAT = /(?<!\p{L})((?:Masterclass|Lernreise|Summit|Camp|Bootcamp|Hackathon|Lab|Forum|Akademie|Kongress|Konferenz|Tagung)\s+(?:[IVX]{1,4}|\d{4}|\d{1,2}\.\d))(?![\p{L}\d])/gu;
const PROJECT_NAMED = /(?<!\p{L})(?:Projekt|Projektgruppe|Programm|Initiative|Vorhaben)\s*:?[ \t]+(\p{Lu}[\p{L}\d-]*(?:[ \t]+\p{Lu}[\p{L}\d-]*){0,3})/gu;
const HASHTAG = /(?<![\p{L}\d])#(\p{L}[\p{L}\d_]{2,40})/gu;
const HASHTAG_CUE = /(?:Format|Programm|Titel|Qualifizierung|Reise|Lernreise|Teilnehmende|bietet|angeboten|Angebot|Pilotprojekt|Station|Schirmherr)/u;
const HEADING_PROJECT = /^(?:Projekt|Programm|Vorhaben|Initiative|Format|Angebot)\s*:\s*(.{2,80})$/u;
const INTRODUCES_OFFER = /(?<!\p{L})(?:Das|Unser|Dieses|Ein|Unser neues)\s+(?:Projekt|Programm|Format|Angebot|Qualifizierungsformat|Vorhaben)(?!\p{L})|Kurzbeschreibung|Projektziele|Laufzeit\s*:/u;

const GENERIC_NAME = /^(?:Digitalisierung|Verwaltung|Transformation|Weiterbildung|Fortbildung|Qualifizierung|Projekt|Programm|Status|Ziele|Aufbau|Entwicklung|Durchführung|Umsetzung)$/iu;

function cleanName(raw: string): string {
  return normalizeSpace(raw.replace(/^[„"“]/, '').replace(/[“”"]$/, '').replace(/[\s,;:–-]+$/, ''));
}

function isPlausibleName(name: string): boolean {
  if (name.length < 2 || name.length > 90) return false;
  const words = name.split(/\s+/);
  if (words.length === 1 && GENERIC_NAME.test(name)) return false;
  // At least one word that is not a plain common noun: a brand ("KommunalCampus"), an acronym or a Latin word.
  return words.some((w) => /^#/.test(w) || /\p{Ll}\p{Lu}/u.test(w) || /^\p{Lu}{2,}/u.test(w) || !isNotName(w.replace(/[^\p{L}-]/gu, '')));
}

function findNames(text: string, ctx: OfferContext): Found[] {
  const found: Found[] = [];
  // Quoted names and titles are names by the author's word; bare capitalised words need a plausibility check.
  const push = (raw: string, start: number, end: number, trusted: boolean) => {
    const name = cleanName(raw);
    if (name.length >= 2 && name.length <= 90 && (trusted ? !GENERIC_NAME.test(name) : isPlausibleName(name))) found.push({ name, start, end });
  };
  for (const m of text.matchAll(QUOTED_AFTER_NOUN)) push(m[1]!, m.index, m.index + m[0].length, true);
  for (const m of text.matchAll(UNDER_TITLE)) push(m[1]!, m.index, m.index + m[0].length, /^[„"#]/.test(m[1]!));
  for (const m of text.matchAll(NUMBERED_FORMAT)) push(m[1]!, m.index, m.index + m[0].length, true);
  for (const m of text.matchAll(PROJECT_NAMED)) push(m[1]!, m.index, m.index + m[0].length, false);
  for (const m of text.matchAll(HASHTAG)) {
    const sentenceStart = Math.max(0, text.lastIndexOf('.', m.index));
    const window = text.slice(sentenceStart, Math.min(text.length, m.index + 160));
    if (HASHTAG_CUE.test(window)) push(`#${m[1]}`, m.index, m.index + m[0].length, true);
  }
  const heading = ctx.heading?.trim();
  if (heading && !CONTACT_CUE.test(heading)) {
    const explicit = HEADING_PROJECT.exec(heading);
    if (explicit) push(explicit[1]!, 0, 0, false);
    else if (heading.split(/\s+/).length <= 5 && INTRODUCES_OFFER.test(text)) push(heading, 0, 0, false);
  }
  return found;
}

const PROVIDER_PHRASE = '(\\p{Lu}[\\p{L}@.&-]*(?:[ \\t]+(?:des|der|für|von)?[ \\t]*\\p{Lu}[\\p{L}@.&-]*){0,5})';
const PROVIDER_PATTERNS = [
  new RegExp(`(?:bietet|bieten|veranstaltet|veranstaltete|organisiert|organisierte|startet|startete|hat|haben|lädt|richtet)\\s+(?:als\\s+\\p{L}+\\s+)?(?:die|der|das)\\s+${PROVIDER_PHRASE}`, 'u'),
  new RegExp(`(?:^|[.!?]\\s+|\\n)(?:Die|Der|Das)\\s+${PROVIDER_PHRASE}\\s+(?:bietet|veranstaltet|organisiert|startet|führt|hat)`, 'u'),
  new RegExp(`(?:angeboten|veranstaltet|organisiert|durchgeführt|getragen)\\s+(?:von|durch)\\s+(?:der|dem|die|den)?\\s*${PROVIDER_PHRASE}`, 'u'),
  new RegExp(`(?:von|durch)\\s+(?:der|dem|die|den)\\s+${PROVIDER_PHRASE}\\s+(?:angeboten|veranstaltet|organisiert|durchgeführt)`, 'u'),
  new RegExp(`(?:Ein|Das)\\s+(?:Projekt|Programm|Angebot|Format)\\s+(?:der|des)\\s+${PROVIDER_PHRASE}`, 'u'),
  /(?:veranstaltete|veranstaltet|organisierte|organisiert)\s+([\p{L}][\p{L}\d&.-]{1,20})\s+(?:am|im|in|zum|gemeinsam)/u,
];

function findProvider(text: string): string | undefined {
  for (const pattern of PROVIDER_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const provider = normalizeSpace(m[1]!.replace(/[ \t]+(?:des|der|für|von)$/, ''));
    // Short brands are written in lower case or capitals ("msg", "BVA"), unlike common nouns.
    if (looksLikeOrganisation(provider) || /^(?:\p{Ll}{2,6}|\p{Lu}{2,6})$/u.test(provider)) return provider;
  }
  return undefined;
}

const GROUP_HEADS = [
  'führungskräfte', 'fachkräfte', 'nachwuchskräfte', 'lehrkräfte', 'beschäftigten', 'beschäftigte', 'mitarbeitenden',
  'mitarbeitende', 'mitarbeiterinnen', 'mitarbeiter', 'teilnehmenden', 'teilnehmende', 'auszubildende',
  'verantwortlichen', 'verantwortliche', 'beauftragten', 'beauftragte', 'entscheiderinnen', 'entscheider',
  'verantwortungsträgerinnen', 'verantwortungsträger', 'bedienstete', 'beamtinnen', 'beamte', 'studierende',
  'interessierte', 'einsteigerinnen', 'einsteiger', 'akteurinnen', 'akteure', 'treiberinnen', 'treiber',
  'personalräte', 'kommunen', 'behörden', 'ressorts', 'verwaltungen',
];
/** A person-group noun, alone or as the head of a compound ("Digitalisierungsbeauftragte", "Fach- und Führungskräfte"). */
const GROUP_NOUN = `(?:(?:\\p{Lu}\\p{Ll}+-\\s+(?:und|oder)\\s+)?(?:\\p{Lu}\\p{Ll}*(?:${GROUP_HEADS.join('|')})|${GROUP_HEADS.map((h) => `${h[0]!.toUpperCase()}${h.slice(1)}`).join('|')}))`;
const GROUP_PHRASE = `((?:\\p{Ll}+(?:e|en|er|es)\\s+(?:und\\s+\\p{Ll}+(?:e|en|er|es)\\s+)?)?${GROUP_NOUN}(?:\\s+(?:der|des|in\\s+der|aus)\\s+(?:\\p{Ll}+(?:e|en|er|es)\\s+)?\\p{Lu}[\\p{L}-]+)?)`;
const TARGET_PATTERNS = [
  /richtet\s+sich\s+(?:insbesondere\s+|vor\s+allem\s+|speziell\s+)?an\s+([^.;\n]{3,140})/u,
  /Zielgruppen?\s*:?\s+([^.;\n]{3,140})/u,
  new RegExp(`(?<!\\p{L})(?:für|speziell\\s+für|an)\\s+(?:die\\s+|alle\\s+)?${GROUP_PHRASE}`, 'u'),
  new RegExp(`(?<!\\p{L})(?:das|die|der|soll)\\s+${GROUP_PHRASE}\\s+(?:\\p{L}+\\s+){0,4}(?:befähig|qualifizier|unterstütz|begleit|stärk)`, 'u'),
];

function findTargetGroup(text: string): string | undefined {
  for (const pattern of TARGET_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return normalizeSpace(m[1]!.replace(/[,\s]+$/, ''));
  }
  return undefined;
}

const FORMAT_WORDS =
  /(?<![\p{L}-])(Präsenzveranstaltung|Präsenzphasen?|in Präsenz|Präsenzfortbildung|online|Online-Seminar|Online-Kurs|Online-Reflexion|hybrid|Workshops?|Seminar|Lernreise|Learning Journeys?|Qualifizierungsformat|Masterclass|Webinar|Lehrgang|Konferenz|Tagung|Kongress|Peer-Coaching|Coaching|E-Learning|Blended Learning|Barcamp|Hackathon|Weiterbildungsplattform|Lernplattform|Impulsvorträge|Fallberatung)(?![\p{L}])/giu;

function findFormats(text: string): string | undefined {
  const seen = new Map<string, string>();
  for (const m of text.matchAll(FORMAT_WORDS)) {
    const key = foldGerman(m[1]!).replace(/s$/, '');
    if (!seen.has(key)) seen.set(key, m[1]!);
    if (seen.size >= 4) break;
  }
  return seen.size > 0 ? [...seen.values()].join(', ') : undefined;
}

function sentencesNaming(text: string, name: string, locator: SentenceLocator): string[] {
  const contexts: string[] = [];
  for (let at = text.indexOf(name); at >= 0 && contexts.length < 6; at = text.indexOf(name, at + name.length)) {
    const context = locator.contextOf(at, at + name.length);
    if (!contexts.includes(context)) contexts.push(context);
  }
  return contexts;
}

function firstOf<T>(items: string[], find: (text: string) => T | undefined): T | undefined {
  for (const item of items) {
    const found = find(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

function describeContact(contact: Contact): string {
  const parts = [contact.name, ...contact.emails, ...contact.phones].filter(Boolean);
  return parts.join(', ');
}

export function extractOffers(text: string, ctx: OfferContext = {}, related: RelatedFacts = {}): Offer[] {
  const names = findNames(text, ctx);
  if (names.length === 0) return [];
  const locator = new SentenceLocator(text);
  const offers = new Map<string, Offer>();
  const single = new Set(names.map((n) => foldGerman(n.name))).size === 1;
  for (const found of names) {
    const key = foldGerman(found.name);
    if (offers.has(key)) continue;
    const fromHeading = found.start === 0 && found.end === 0;
    const context = fromHeading ? normalizeSpace(text.slice(0, 300)) : locator.contextOf(found.start, found.end);
    // Details come from the offer's own sentence; when the text is about one offer only, from all of it.
    const scope = single ? text : context;
    const offer: Offer = { name: found.name, context };
    // Provider and target group may stand in any sentence naming the offer, not only the first.
    const mentions = [context, ...sentencesNaming(text, found.name, locator)];
    const provider = firstOf(mentions, findProvider) ?? (single ? findProvider(text) : undefined);
    if (provider && foldGerman(provider) !== key) offer.provider = provider;
    const target =
      firstOf(mentions, findTargetGroup) ?? (single ? findTargetGroup(text) : undefined) ?? (ctx.heading ? findTargetGroup(ctx.heading) : undefined);
    if (target) offer.targetGroup = target;
    const format = findFormats(scope);
    if (format) offer.format = format;
    const inScope = <T extends { context: string }>(facts: T[] | undefined) =>
      (facts ?? []).filter((f) => single || normalizeSpace(f.context) === context || context.includes(f.context));
    const money = inScope(related.amounts).filter((a) => a.kind === 'money');
    if (money.length > 0) offer.cost = money.map((a) => a.text).slice(0, 2).join('; ');
    const dates = inScope(related.dates);
    if (dates.length > 0) offer.dates = dates.map((d) => d.text).slice(0, 3).join('; ');
    // Only reachable people are an offer's contact, not everyone named near it.
    const contacts = (related.contacts ?? []).filter(
      (c) => c.emails.length + c.phones.length > 0 && (!c.programme || foldGerman(c.programme) === key),
    );
    if (contacts.length === 1 || (single && contacts.length > 0)) offer.contact = describeContact(contacts[0]!);
    offers.set(key, offer);
  }
  return [...offers.values()];
}
