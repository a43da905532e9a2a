/**
 * Words that mark the parts of a contact block: roles ("Projektleiterin", "Referatsleiter",
 * "Bundes-CIO"), organisations ("Ministerium", "GmbH", "Hansestadt") and contact cues
 * ("Ansprechpartner:in", "Kontakt"). German compounds end in their head noun, so a word is a role
 * when it ends in a role noun.
 */

const ROLE_HEAD =
  '(?:leiter|leiterin|leitung|direktor|direktorin|referent|referentin|ansprechpartner|ansprechpartnerin|ansprechperson|' +
  'koordinator|koordinatorin|koordination|beauftragte|beauftragter|präsident|präsidentin|geschäftsführer|geschäftsführerin|' +
  'geschäftsführung|sachbearbeiter|sachbearbeiterin|berater|beraterin|manager|managerin|vorsitzende|vorsitzender|' +
  'sprecher|sprecherin|trainer|trainerin|dozent|dozentin|staatssekretär|staatssekretärin|minister|ministerin|' +
  'bürgermeister|bürgermeisterin|landrat|landrätin|dezernent|dezernentin|mitarbeiter|mitarbeiterin|assistent|assistentin|' +
  'vorstand|chef|chefin|cio|cdo|ceo|cto|coo|officer|coach|moderator|moderatorin|kanzler|kanzlerin|rektor|rektorin|' +
  'professor|professorin|wissenschaftler|wissenschaftlerin|gründer|gründerin|inhaber|inhaberin|stellvertreter|' +
  'stellvertreterin|redner|rednerin|schirmherr|schirmherrin|lead|head|expertin|experte|organisatorin|organisator)';

const ROLE_WORD = new RegExp(`^(?:[\\p{L}]+-)*[\\p{L}]*${ROLE_HEAD}$`, 'iu');

export function isRoleWord(word: string): boolean {
  return ROLE_WORD.test(word);
}

/** A line that states a role: it starts with a role noun ("Projektleiter KommunalCampus", "Leiterin der Digitalakademie"). */
export function isRoleLine(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 10) return false;
  let first = words[0]!;
  if (/^(?:stellv\.|stellvertretende[rn]?|kommissarische[rn]?|kommiss\.)$/i.test(first) && words[1]) first = words[1];
  return /^\p{Lu}/u.test(first) && isRoleWord(first.replace(/[,:;]$/, ''));
}

/** A role word immediately before a name, possibly with "ist" ("Ansprechpartnerin ist Dr. …", "Bundes-CIO Markus Richter"). */
export function roleBeforeName(textBefore: string): string | undefined {
  const m = /(?:^|[\s,(])((?:stellv\.\s+)?[\p{L}*:/-]+)(?:\s+(?:ist|sind|war|wird|bleibt))?\s*:?\s*(?:(?:Herrn?|Frau)\s+)?$/u.exec(textBefore);
  if (!m) return undefined;
  const word = m[1]!.replace(/^stellv\.\s+/, '').replace(/(?::in|\*in|\/in)$/, '');
  return /^\p{Lu}/u.test(word) && isRoleWord(word) ? m[1] : undefined;
}

const ORG_WORD =
  /(?:ministerium|senator(?:in)?\b|senat\b|behörde|akademie|amt\b|ämter|gmbh|e\.\s?V\.|\beG\b|\bAG\b|stadt\b|\bland\b|\bbundes|\blandes|metropolregion|universität|hochschule|institut|agentur|kommune|landkreis|kreis\b|gemeinde|referat\b|abteilung|dezernat|stiftung|verband|kammer|zentrum|kanzlei|regierungspräsidium|polizei|verwaltung|dienststelle|planungsrat|fraunhofer|ministry|office|department|agency|genossenschaft|bezirk)/iu;

export function looksLikeOrganisation(text: string): boolean {
  return ORG_WORD.test(text);
}

/** Lines and headings that introduce contact blocks. */
export const CONTACT_CUE =
  /^(?:(?:Ihre?|Unsere?)\s+)?(?:Ansprechpartner(?::in|\*in|\/in|in|innen)?|Ansprechperson(?:en)?|Kontakt(?:e|person(?:en)?|daten)?|Rückfragen|Fragen|Impressum|Redner(?::innen|\*innen|innen)?|Referent(?::innen|\*innen|innen)?|Team)\b/iu;

/** A contact cue word earlier in the same sentence ("Ansprechpartnerin ist …", "Bei Fragen wenden Sie sich an …"). */
export const CONTACT_CUE_IN_SENTENCE =
  /(?:Ansprechpartner|Ansprechperson|Kontakt|erreichen\s+Sie|wenden\s+Sie\s+sich|Rückfragen|Fragen\s+(?:an|richten)|melden\s+Sie\s+sich)/iu;

/** "für das Projekt „X“", "für die Projektgruppe X": the programme a contact belongs to. */
const PROGRAMME_PHRASE =
  /(?:^|\s)(?:für|im|beim|vom|zum)\s+(?:das|die|den|dem)?\s*(Projekt(?:gruppe|team)?|Programm|Vorhaben|Initiative|Format|Netzwerk|Modellvorhaben|Verbundprojekt)\s*:?\s*(„[^“”"]{2,80}[“”"]|"[^"]{2,80}"|\p{Lu}[^,;.()\n]{1,80})/u;

export function findProgrammePhrase(line: string): { programme: string; before: string } | undefined {
  const m = PROGRAMME_PHRASE.exec(line);
  if (!m) return undefined;
  const programme = unquote(m[2]!).trim();
  if (programme.length < 2) return undefined;
  return { programme, before: line.slice(0, m.index).trim() };
}

/** A quoted name „…“ or "…" anywhere in a line. */
export function findQuotedName(line: string): string | undefined {
  const m = /„([^“”"\n]{2,80})[“”"]|"([^"\n]{2,80})"/u.exec(line);
  return (m?.[1] ?? m?.[2])?.trim();
}

export function unquote(text: string): string {
  return text.replace(/^[„"“]/, '').replace(/[“”"]$/, '');
}
