import type { AnswerResult, Chunk, Contact } from '../../types.ts';
import { analyze, foldGerman } from '../../text/germanText.ts';
import type { AnswerContext } from '../answerEngine.ts';
import { CitationList } from '../citationList.ts';
import { coverage } from '../evidence.ts';
import { chunkTerms } from '../../retrieval/chunkTerms.ts';
import { CONTACT_CUE, MIN_SUBJECT_COVERAGE, result, subjectCoverageIn, type EngineInput } from './engineInput.ts';

/** Contact answers: the person meant, merged from every record of them, with what was asked of them. */

interface ContactCandidate {
  contact: Contact;
  chunk: Chunk;
  score: number;
  subjectCoverage: number;
  nameMentioned: boolean;
}

function nameKey(name: string): string {
  return foldGerman(name)
    .replace(/\b(dr|prof|dipl|ing)\b\.?/g, '')
    .replace(/[^a-z\s-]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The question names the person when it contains their surname (and first name, if given). */
function mentionsName(text: string, name: string): boolean {
  const folded = ` ${foldGerman(text).replace(/[^a-z0-9\s-]/g, ' ')} `;
  const parts = nameKey(name).split(' ').filter((part) => part.length > 1);
  const surname = parts[parts.length - 1];
  return surname !== undefined && folded.includes(` ${surname} `);
}

export function answerContact(input: EngineInput, context: AnswerContext): AnswerResult | undefined {
  const { question, phrases } = input;
  const candidates: ContactCandidate[] = [];
  context.retrieved.forEach(({ chunk }, rank) => {
    for (const contact of chunk.facts.contacts) {
      if (!contact.name && contact.emails.length === 0 && contact.phones.length === 0) continue;
      // A name in passing ("Gruppenfoto mit Daniel Haßmann") is no contact person: it needs a way to
      // reach them, a role, or a contact block around it.
      if (contact.emails.length === 0 && contact.phones.length === 0 && !contact.role && !CONTACT_CUE.test(foldGerman(chunk.text))) continue;
      const contactText = [contact.name, contact.role, contact.organisation, contact.programme].filter(Boolean).join(' ');
      const terms = new Set([...analyze(contactText), ...chunkTerms(chunk), ...context.corpus.precedingTerms(chunk)]);
      const subjectCoverage = input.subject.terms.length === 0 ? 0 : subjectCoverageIn(input, terms, chunk.source);
      const nameMentioned =
        !!contact.name && (mentionsName(question.original, contact.name) || (!!question.previousLead && mentionsName(question.previousLead, contact.name)));
      const ownProgramme = contact.programme ? coverage(input.subject, new Set(analyze(contact.programme))) : 0;
      const completeness = (contact.emails.length > 0 ? 0.05 : 0) + (contact.phones.length > 0 ? 0.05 : 0) + (contact.name ? 0.05 : 0);
      const score = subjectCoverage + 0.3 * ownProgramme + (nameMentioned ? 1 : 0) + completeness + 0.1 / (1 + rank);
      candidates.push({ contact, chunk, score, subjectCoverage, nameMentioned });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || (!best.nameMentioned && best.subjectCoverage < MIN_SUBJECT_COVERAGE)) return undefined;

  // The same person often appears on several slides (speaker list, contact slide): merge their details.
  const key = best.contact.name ? nameKey(best.contact.name) : undefined;
  const same = key ? candidates.filter((c) => c.contact.name && nameKey(c.contact.name) === key) : [best];
  const citations = new CitationList();
  const pick = <T>(get: (c: Contact) => T | undefined): { value: T; chunk: Chunk } | undefined => {
    for (const candidate of same) {
      const value = get(candidate.contact);
      if (value !== undefined && (!Array.isArray(value) || value.length > 0)) return { value, chunk: candidate.chunk };
    }
    return undefined;
  };
  const name = best.contact.name
    ? [best.contact.honorific, best.contact.name].filter(Boolean).join(' ')
    : undefined;
  const email = pick((c) => c.emails[0]);
  const phone = pick((c) => c.phones[0]);
  const role = pick((c) => c.role);
  const organisation = pick((c) => c.organisation);
  const programme = pick((c) => c.programme);
  // Cite the fullest record of the person (the contact slide rather than the speaker list).
  const detail = (c: ContactCandidate) => c.contact.emails.length + c.contact.phones.length + (c.contact.role ? 1 : 0);
  const primary = [...same].sort((a, b) => detail(b) - detail(a) || b.score - a.score)[0] ?? best;
  const nameCite = citations.cite(primary.chunk, primary.chunk.text);
  const cite = (found: { chunk: Chunk } | undefined) => (found ? citations.cite(found.chunk, found.chunk.text) : '');
  const who = name ?? email?.value ?? phone?.value ?? '';

  let text: string;
  let answered = true;
  if (question.contactFocus === 'email') {
    if (email) text = `${phrases.emailOf(who)} ${email.value} ${cite(email)}.`;
    else {
      text = `${phrases.noEmailFor(who)} ${describe(name, role?.value, organisation?.value)} ${nameCite}`;
      answered = false;
    }
  } else if (question.contactFocus === 'phone') {
    if (phone) text = `${phrases.phoneOf(who)} ${phone.value} ${cite(phone)}.`;
    else {
      text = `${phrases.noPhoneFor(who)} ${describe(name, role?.value, organisation?.value)} ${nameCite}`;
      answered = false;
    }
  } else if (question.contactFocus === 'reach' && (phone || email)) {
    const markers = [...new Set([cite(phone), cite(email)].filter(Boolean))].join(' ');
    text = `${phrases.reach(who, phone?.value, email?.value)} ${markers}.`;
  } else {
    const lead = programme ? phrases.contactFor(programme.value) : phrases.contact;
    text = `${lead} ${describe(name ?? who, role?.value, organisation?.value)} ${nameCite}.`;
    const details = [phone ? `${phrases.phone}: ${phone.value}` : '', email ? `${phrases.email}: ${email.value}` : '']
      .filter(Boolean)
      .join(', ');
    if (details) text += ` ${details} ${[...new Set([cite(phone), cite(email)].filter(Boolean))].join(' ')}`;
  }
  return result(input, text.replace(/\s+\./g, '.').replace(/\s+/g, ' ').trim(), citations, answered);
}

function describe(name: string | undefined, role?: string, organisation?: string): string {
  const extras = [role, organisation].filter((part): part is string => !!part && !(name && part.includes(name)));
  return extras.length > 0 ? `${name ?? ''} (${extras.join(', ')})`.trim() : (name ?? '');
}
