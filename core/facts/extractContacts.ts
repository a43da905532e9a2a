import type { Contact } from '../types.ts';
import { foldGerman } from '../text/germanText.ts';
import { findEmails, findPhones, type FoundDetail } from './contactDetails.ts';
import {
  CONTACT_CUE,
  CONTACT_CUE_IN_SENTENCE,
  findProgrammePhrase,
  findQuotedName,
  isRoleLine,
  isRoleWord,
  looksLikeOrganisation,
  roleBeforeName,
} from './contactVocabulary.ts';
import { isKnownCity } from './germanPlaces.ts';
import { HONORIFIC, NAME_WORD, PARTICLE, isKnownFirstName, isNotName } from './personNames.ts';
import { splitSentences, type TextSpan } from './sentences.ts';

/**
 * Builds contacts from German text. Two shapes are understood:
 * - blocks, as on a slide: a name line followed by role, organisation, phone and e-mail lines;
 * - sentences: "Ansprechpartnerin ist Dr. Anna Beispiel (anna.beispiel@bva.bund.de, Tel. 0228 99358-0)".
 * Names need evidence (a known first name, a title, "Herr"/"Frau", or contact details in the block),
 * because German capitalises every noun. E-mails and phones without a name become nameless contacts.
 */

export interface ContactContext {
  heading?: string;
  title?: string;
}

interface NameMention {
  start: number;
  end: number;
  name: string;
  honorific?: string;
  /** Surname, folded, for matching e-mail addresses. */
  surname: string;
  /** A known first name, a title or "Herr"/"Frau" before it. */
  strong: boolean;
}

interface Line {
  /** The line without bullets and emphasis markers. */
  text: string;
  start: number;
  end: number;
}

interface Draft {
  mention?: NameMention;
  role?: string;
  organisation?: string;
  programme?: string;
  phones: FoundDetail[];
  emails: FoundDetail[];
  cue: boolean;
}

const HONORIFIC_AT = new RegExp(HONORIFIC, 'uy');
const WORD_AT = new RegExp(NAME_WORD, 'uy');
const SPACE_AT = /[ \t]+/y;
const INITIAL_AT = /\p{Lu}\.(?=[ \t])/uy;
const PARTICLE_AT = new RegExp(`${PARTICLE}(?=[ \\t]+\\p{Lu})`, 'uy');
const WORD_START = /(?<![\p{L}\p{N}.@_\-])\p{Lu}/gu;
const HERR_FRAU_BEFORE = /(?:Herrn?|Frau)[ \t]+$/u;

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

function isNameWord(word: string): boolean {
  return !isNotName(word) && !isRoleWord(word) && !isKnownCity(word) && !looksLikeOrganisation(word);
}

/** Reads "[title] First [Middle|X.] [particle] Last" starting at `pos`, stopping before words that cannot be names. */
function parseNameAt(text: string, pos: number): NameMention | undefined {
  let p = pos;
  const honorificRaw = matchAt(HONORIFIC_AT, text, p);
  if (honorificRaw) p += honorificRaw.length;
  const first = matchAt(WORD_AT, text, p);
  if (!first || !isNameWord(first)) return undefined;
  const parts = [first];
  let end = p + first.length;
  let nameWords = 1;
  p = end;
  while (nameWords < 3) {
    const space = matchAt(SPACE_AT, text, p);
    if (!space) break;
    const q = p + space.length;
    const initial = matchAt(INITIAL_AT, text, q);
    if (initial) {
      parts.push(initial);
      p = end = q + initial.length;
      continue;
    }
    const particle = matchAt(PARTICLE_AT, text, q);
    if (particle) {
      const afterParticle = q + particle.length;
      const space2 = matchAt(SPACE_AT, text, afterParticle) ?? '';
      const word = matchAt(WORD_AT, text, afterParticle + space2.length);
      if (!word || !isNameWord(word)) break;
      parts.push(particle, word);
      p = end = afterParticle + space2.length + word.length;
      nameWords++;
      break;
    }
    const word = matchAt(WORD_AT, text, q);
    if (!word || !isNameWord(word)) break;
    parts.push(word);
    p = end = q + word.length;
    nameWords++;
  }
  const honorific = honorificRaw?.trim();
  if (nameWords < 2 && !honorific) return undefined;
  // A name ends at a word boundary, not inside "Markus-Preis" or "Schröder@…".
  if (/^[\p{L}\d@-]/u.test(text.slice(end, end + 1))) return undefined;
  const surname = parts[parts.length - 1]!;
  const strong =
    Boolean(honorific) || isKnownFirstName(first) || HERR_FRAU_BEFORE.test(text.slice(Math.max(0, pos - 8), pos));
  return {
    start: pos,
    end,
    name: parts.join(' '),
    ...(honorific ? { honorific } : {}),
    surname: foldGerman(surname),
    strong,
  };
}

/** Person names in running text; `strong` ones have a known first name, a title or "Herr"/"Frau". */
export function findPersonNames(text: string): Array<{ name: string; start: number; end: number; strong: boolean }> {
  return findNameMentions(text).map(({ name, honorific, start, end, strong }) => ({
    name: honorific ? `${honorific} ${name}` : name,
    start,
    end,
    strong,
  }));
}

function findNameMentions(text: string): NameMention[] {
  const mentions: NameMention[] = [];
  let after = 0;
  WORD_START.lastIndex = 0;
  for (let m = WORD_START.exec(text); m; m = WORD_START.exec(text)) {
    if (m.index < after) continue;
    const mention = parseNameAt(text, m.index);
    if (!mention) continue;
    // A weak reading ("Dinner Speech von Thomas") must not hide a strong one starting inside it.
    const last = mentions[mentions.length - 1];
    if (last && !last.strong && last.end > mention.start) {
      if (!mention.strong) continue;
      mentions.pop();
    }
    mentions.push(mention);
    if (mention.strong) {
      after = mention.end;
      WORD_START.lastIndex = mention.end;
    }
  }
  return mentions;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const end = start + raw.length;
    const cleaned = raw
      .replace(/^\s*(?:[-–•*·▪►]|\d{1,2}[.)])\s+/, '')
      .replace(/\*\*|__/g, '')
      .trim();
    const previous = lines[lines.length - 1];
    // A word broken at the line end ("des IT-" / "Planungsrates") continues the previous line.
    if (previous && /\p{L}-$/u.test(previous.text) && /^\p{L}/u.test(cleaned) && !/^\s*[-–•*·▪►]\s/.test(raw)) {
      previous.text += cleaned;
      previous.end = end;
    } else {
      lines.push({ text: cleaned, start, end });
    }
    start = end + 1;
  }
  return lines;
}

function detailsWithin(details: FoundDetail[], start: number, end: number): FoundDetail[] {
  return details.filter((d) => d.start >= start && d.end <= end);
}

function isShortLabelLine(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && !/[.!?]$/.test(line) && !/https?:|www\./.test(line);
}

/** A project role may name the programme: "Projektleiter KommunalCampus" (but "Referatsleiter DG II 4" names a unit). */
function programmeFromRole(role: string): string | undefined {
  const m = /^(?:Projekt|Programm|Vorhabens)\S*(?:leiter|leiterin|leitung|koordinator|koordinatorin|manager|managerin)\s+(\p{Lu}[^,;]{1,60})$/u.exec(role);
  if (!m) return undefined;
  const rest = m[1]!.trim();
  return looksLikeOrganisation(rest) ? undefined : rest;
}

/**
 * Lines between a contact cue and the name ("Kontakt / Bundesverwaltungsamt / Referat Z 23 / Herr Max
 * Mustermann"): organisation and role written before the name. Only trusted below a cue line.
 */
function readLinesBefore(
  lines: Line[],
  lineIndex: number,
  lineStartsWithName: Set<number>,
): { cue: boolean; organisation: string[]; role?: string } {
  const organisation: string[] = [];
  let role: string | undefined;
  let nonBlank = 0;
  for (let j = lineIndex - 1; j >= 0 && nonBlank < 4; j--) {
    const text = lines[j]!.text;
    if (text.length === 0) continue;
    nonBlank++;
    if (CONTACT_CUE.test(text)) return { cue: true, organisation: organisation.reverse(), ...(role ? { role } : {}) };
    if (lineStartsWithName.has(j)) break;
    if (isRoleLine(text)) role ??= text;
    else if (looksLikeOrganisation(text) && isShortLabelLine(text)) organisation.push(text);
    else break;
  }
  return { cue: false, organisation: [] };
}

/** Lines after a name line: role, organisation, programme, phone and e-mail, up to the next name or the end of the block. */
function readBlock(
  lines: Line[],
  lineIndex: number,
  mention: NameMention,
  lineStartsWithName: Set<number>,
  emails: FoundDetail[],
  phones: FoundDetail[],
): Draft {
  const draft: Draft = { mention, phones: [], emails: [], cue: false };
  const orgParts: string[] = [];
  const nameLine = lines[lineIndex]!;
  const rest = nameLine.text.slice(nameLine.text.indexOf(mention.name) + mention.name.length).replace(/^\s*[,–-]\s*/, '');
  for (const part of rest.split(/\s*,\s*/).filter(Boolean)) {
    if (isRoleLine(part)) draft.role ??= part;
    else if (looksLikeOrganisation(part)) orgParts.push(part);
  }
  draft.emails.push(...detailsWithin(emails, nameLine.start, nameLine.end));
  draft.phones.push(...detailsWithin(phones, nameLine.start, nameLine.end));
  const before = readLinesBefore(lines, lineIndex, lineStartsWithName);
  draft.cue = before.cue;

  let seenDetail = draft.emails.length + draft.phones.length > 0;
  let nonBlank = 0;
  for (let j = lineIndex + 1; j < lines.length && nonBlank < 8; j++) {
    const line = lines[j]!;
    if (line.text.length === 0) continue;
    nonBlank++;
    if (lineStartsWithName.has(j) || CONTACT_CUE.test(line.text)) break;
    const lineEmails = detailsWithin(emails, line.start, line.end);
    const linePhones = detailsWithin(phones, line.start, line.end);
    if (lineEmails.length + linePhones.length > 0) {
      draft.emails.push(...lineEmails);
      draft.phones.push(...linePhones);
      seenDetail = true;
      continue;
    }
    const programme = findProgrammePhrase(line.text);
    if (programme) {
      draft.programme ??= programme.programme;
      if (programme.before && looksLikeOrganisation(programme.before)) orgParts.push(programme.before.replace(/,$/, ''));
      continue;
    }
    if (isRoleLine(line.text)) {
      draft.role ??= line.text;
      continue;
    }
    // After the phone and e-mail lines comes the footer ("IT-Planungsrat", a slogan): the block is over.
    if (seenDetail) break;
    if (looksLikeOrganisation(line.text) || isShortLabelLine(line.text)) {
      if (isShortLabelLine(line.text) || line.text.length <= 120) orgParts.push(line.text);
      continue;
    }
    break;
  }
  if (orgParts.length === 0) orgParts.push(...before.organisation);
  draft.role ??= before.role;
  if (orgParts.length > 0) draft.organisation = orgParts.slice(0, 3).join(', ');
  if (!draft.programme && draft.role) {
    const fromRole = programmeFromRole(draft.role);
    if (fromRole) draft.programme = fromRole;
  }
  return draft;
}

function sentenceOf(sentences: TextSpan[], offset: number): TextSpan | undefined {
  return sentences.find((s) => s.start <= offset && s.end > offset);
}

/** A name in running text: role before it, ", role/organisation" after it, details in the same sentence. */
function readSentence(
  text: string,
  sentence: TextSpan,
  mention: NameMention,
  nextMentionStart: number,
  emails: FoundDetail[],
  phones: FoundDetail[],
): Draft {
  const draft: Draft = { mention, phones: [], emails: [], cue: false };
  const before = text.slice(Math.max(sentence.start, mention.start - 60), mention.start);
  const roleBefore = roleBeforeName(before);
  if (roleBefore) draft.role = roleBefore;
  // Windows around the mention keep the work per name constant however long the sentence is.
  draft.cue = CONTACT_CUE_IN_SENTENCE.test(text.slice(Math.max(sentence.start, mention.start - 200), mention.start));

  const after = /^[ \t]*,[ \t]*([^,;.()\n]{2,90})/u.exec(text.slice(mention.end, Math.min(sentence.end, mention.end + 100)));
  if (after) {
    const segment = after[1]!.trim();
    const words = segment.split(/\s+/);
    const roleIndex = words.findIndex((w) => isRoleWord(w.replace(/[,:;]$/, '')));
    if (roleIndex >= 0 && roleIndex < 5) {
      const bei = /^(.*?)\s+(?:bei|beim|im|am)\s+(.+)$/u.exec(segment);
      if (bei && bei[1]!.split(/\s+/).some(isRoleWord)) {
        draft.role ??= bei[1]!.trim();
        draft.organisation = bei[2]!.trim();
      } else draft.role ??= segment;
    } else if (looksLikeOrganisation(segment) && /^\p{Lu}/u.test(segment)) {
      draft.organisation = segment;
    }
  }
  const detailEnd = Math.min(sentence.end, nextMentionStart);
  draft.emails.push(...detailsWithin(emails, mention.end, detailEnd));
  draft.phones.push(...detailsWithin(phones, mention.end, detailEnd));
  const window = text.slice(Math.max(sentence.start, mention.start - 300), Math.min(sentence.end, mention.end + 300));
  // "für das Projekt „X“", else a quoted name or a #hashtag format in the same sentence ("Schirmherr der #digitaljourney").
  const programme = findProgrammePhrase(window)?.programme ?? findQuotedName(window) ?? /(?<![\p{L}\d])#\p{L}[\p{L}\d_]{2,40}/u.exec(window)?.[0];
  if (programme) draft.programme = programme;
  return draft;
}

function hasSubstance(draft: Draft): boolean {
  return draft.emails.length + draft.phones.length > 0 || Boolean(draft.role) || Boolean(draft.organisation) || draft.cue;
}

/** Headings such as "Ansprechpartner:in" say nothing about the programme. */
function programmeFromContext(ctx: ContactContext): string | undefined {
  const heading = ctx.heading?.trim();
  if (heading && !CONTACT_CUE.test(heading)) return heading;
  const title = ctx.title?.trim();
  return title && title.length > 0 ? title : undefined;
}

function sameDigits(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/^\+49|^0049/, '0').replace(/\(0\)/, '').replace(/\D/g, '');
  return digits(a) === digits(b);
}

function addUnique(target: string[], values: string[], same: (a: string, b: string) => boolean): void {
  for (const v of values) if (!target.some((t) => same(t, v))) target.push(v);
}

function toContact(draft: Draft, fallbackProgramme: string | undefined): Contact {
  const contact: Contact = {
    phones: [],
    emails: [],
  };
  if (draft.mention) contact.name = draft.mention.name.replace(/^(?:Herrn?|Frau)\s+/, '');
  if (draft.mention?.honorific) contact.honorific = draft.mention.honorific;
  if (draft.role) contact.role = draft.role;
  if (draft.organisation) contact.organisation = draft.organisation;
  addUnique(contact.phones, draft.phones.map((p) => p.value), sameDigits);
  addUnique(contact.emails, draft.emails.map((e) => e.value), (a, b) => a.toLowerCase() === b.toLowerCase());
  const programme = draft.programme ?? fallbackProgramme;
  if (programme) contact.programme = programme;
  return contact;
}

/** Several mentions of one person (speaker list, contact slide, licence line) become one contact. */
function mergeByName(drafts: Draft[]): Draft[] {
  const merged: Draft[] = [];
  const byName = new Map<string, Draft>();
  for (const d of drafts) {
    const key = d.mention ? foldGerman(d.mention.name) : undefined;
    const existing = key ? byName.get(key) : undefined;
    if (!existing) {
      merged.push(d);
      if (key) byName.set(key, d);
      continue;
    }
    existing.role ??= d.role;
    existing.organisation ??= d.organisation;
    existing.programme ??= d.programme;
    existing.emails.push(...d.emails);
    existing.phones.push(...d.phones);
    existing.cue ||= d.cue;
  }
  return merged;
}

/** The last named contact shortly before a detail, in the same paragraph ("… Dr. Anna Beispiel. Kontakt: info@…"). */
function nearestNameBefore(text: string, drafts: Draft[], detail: FoundDetail): Draft | undefined {
  let best: Draft | undefined;
  for (const d of drafts) {
    const end = d.mention?.end;
    if (end === undefined || end > detail.start || detail.start - end > 250) continue;
    if (best && (best.mention?.end ?? 0) > end) continue;
    best = d;
  }
  if (!best) return undefined;
  return /\n[ \t]*\n/.test(text.slice(best.mention!.end, detail.start)) ? undefined : best;
}

/** E-mails and phones that no name claimed: an e-mail naming a known surname goes to that person; the rest are grouped by proximity. */
function placeOrphans(text: string, drafts: Draft[], orphans: FoundDetail[], isEmail: Set<FoundDetail>): Draft[] {
  const nameless: Draft[] = [];
  let current: Draft | undefined;
  let lastEnd = -Infinity;
  for (const detail of orphans) {
    if (isEmail.has(detail)) {
      const local = foldGerman(detail.value.split('@')[0] ?? '');
      const owner = drafts.find((d) => d.mention && d.mention.surname.length >= 3 && local.includes(d.mention.surname));
      if (owner) {
        owner.emails.push(detail);
        continue;
      }
    }
    const nearest = nearestNameBefore(text, drafts, detail);
    if (nearest) {
      (isEmail.has(detail) ? nearest.emails : nearest.phones).push(detail);
      continue;
    }
    const gap = text.slice(Math.max(lastEnd, 0), detail.start);
    if (!current || detail.start - lastEnd > 200 || /\n\s*\n\s*\n/.test(gap)) {
      current = { phones: [], emails: [], cue: false };
      nameless.push(current);
    }
    (isEmail.has(detail) ? current.emails : current.phones).push(detail);
    lastEnd = detail.end;
  }
  return nameless;
}

export function extractContacts(text: string, ctx: ContactContext = {}): Contact[] {
  const emails = findEmails(text);
  const phones = findPhones(text);
  const mentions = findNameMentions(text);
  if (mentions.length === 0 && emails.length === 0 && phones.length === 0) return [];

  const lines = splitLines(text);
  const lineOf = (offset: number) => lines.findIndex((l) => l.start <= offset && l.end >= offset);
  const mentionLine = new Map<NameMention, number>();
  const lineStartsWithName = new Set<number>();
  for (const m of mentions) {
    const index = lineOf(m.start);
    const line = lines[index];
    if (!line) continue;
    const lineText = line.text.replace(/^(?:Herrn?|Frau)\s+/u, '');
    const startsLine = lineText.startsWith(m.name) || (m.honorific !== undefined && lineText.startsWith(m.honorific));
    const restOfLine = lineText.slice(lineText.indexOf(m.name) + m.name.length);
    if (startsLine && (restOfLine.trim() === '' || /^\s*[,–-]/.test(restOfLine))) {
      mentionLine.set(m, index);
      lineStartsWithName.add(index);
    }
  }

  const sentences = splitSentences(text);
  const drafts: Draft[] = [];
  mentions.forEach((mention, i) => {
    const index = mentionLine.get(mention);
    if (index !== undefined) {
      const draft = readBlock(lines, index, mention, lineStartsWithName, emails, phones);
      // A name line without a known first name or title counts only when the block holds contact details.
      if (mention.strong ? hasSubstance(draft) : draft.emails.length + draft.phones.length > 0) drafts.push(draft);
      return;
    }
    if (!mention.strong) return;
    const sentence = sentenceOf(sentences, mention.start);
    if (!sentence) return;
    const next = mentions[i + 1]?.start ?? Infinity;
    const draft = readSentence(text, sentence, mention, next, emails, phones);
    if (hasSubstance(draft)) drafts.push(draft);
  });

  const claimed = new Set<FoundDetail>(drafts.flatMap((d) => [...d.emails, ...d.phones]));
  const isEmail = new Set(emails);
  const orphans = [...emails, ...phones].filter((d) => !claimed.has(d)).sort((a, b) => a.start - b.start);
  const merged = mergeByName(drafts);
  const nameless = placeOrphans(text, merged, orphans, isEmail);

  const fallback = programmeFromContext(ctx);
  return [...merged, ...nameless]
    .sort((a, b) => (a.mention?.start ?? a.emails[0]?.start ?? a.phones[0]?.start ?? 0) - (b.mention?.start ?? b.emails[0]?.start ?? b.phones[0]?.start ?? 0))
    .map((d) => {
      if (!d.programme) {
        const quoted = d.mention ? findQuotedName(lines[lineOf(d.mention.start)]?.text ?? '') : undefined;
        if (quoted) d.programme = quoted;
      }
      return toContact(d, fallback);
    });
}
