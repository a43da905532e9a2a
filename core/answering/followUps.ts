import { analyze, foldGerman } from '../text/germanText.ts';
import type { AnswerResult, Chunk, ConversationTurn, Language, QuestionKind } from '../types.ts';
import type { AssistantService } from './assistantService.ts';

/**
 * Follow-up questions to offer after an answer: two or three questions about the same subject that the
 * index can really answer — its contact, dates, cost, place — never one it cannot.
 *
 * Candidates come from what the index holds: the subject is a programme or offer name that the
 * extracted facts of the cited documents spell out and the question (or the answer) names; the
 * questions are the kinds of fact the passages about that subject carry. Each candidate is then asked
 * through the same assistant, with the conversation as it will be when the person clicks it, and only
 * those it answers from the documents are kept. So a suggestion is never a promise the engine breaks,
 * whichever engine answers and however it changes.
 */

export interface FollowUpInput {
  /** The question just answered. */
  question: string;
  result: AnswerResult;
  /** The turns before the question, oldest first. */
  history?: readonly ConversationTurn[];
}

export interface FollowUpOptions {
  /** How many to offer at most. */
  max?: number;
  /** How many candidates to check at most (each is one `ask`). */
  maxCandidates?: number;
  /** Checks still running after this long are not waited for; what passed by then is offered. */
  timeoutMs?: number;
}

type Asker = Pick<AssistantService, 'ask' | 'chunksOfSource'>;

type FactKind = Exclude<QuestionKind, 'general' | 'list'> | 'count';

/** Question templates per kind of fact, in the order they are offered. */
const TEMPLATES: Record<Language, Record<FactKind, (subject: string) => string>> = {
  de: {
    contact: (s) => `Wer ist Ansprechpartner für ${s}?`,
    date: (s) => `Wann beginnt ${s}?`,
    amount: (s) => `Was kostet ${s}?`,
    place: (s) => `Wo findet ${s} statt?`,
    count: (s) => `Wie viele Personen nehmen an ${s} teil?`,
    offer: (s) => `Was ist ${s}?`,
  },
  en: {
    contact: (s) => `Who is the contact person for ${s}?`,
    date: (s) => `When does ${s} start?`,
    amount: (s) => `How much does ${s} cost?`,
    place: (s) => `Where does ${s} take place?`,
    count: (s) => `How many people take part in ${s}?`,
    offer: (s) => `What is ${s}?`,
  },
};
const ORDER: FactKind[] = ['contact', 'date', 'amount', 'place', 'count', 'offer'];

/** Names longer than this are titles or sentences, not something one asks "Was kostet …?" about. */
const MAX_NAME_WORDS = 4;
const MAX_NAME_CHARS = 40;

function folded(text: string): string {
  return foldGerman(text).replace(/\s+/g, ' ').trim();
}

function usableName(name: string | undefined): name is string {
  if (!name) return false;
  const trimmed = name.trim();
  return trimmed.length >= 3 && trimmed.length <= MAX_NAME_CHARS && trimmed.split(/\s+/).length <= MAX_NAME_WORDS && analyze(trimmed).length > 0;
}

/** Programme and offer names the facts of these chunks spell out. */
function factNames(chunks: readonly Chunk[]): string[] {
  const names = new Set<string>();
  for (const chunk of chunks) {
    for (const offer of chunk.facts.offers) if (usableName(offer.name)) names.add(offer.name.trim());
    for (const contact of chunk.facts.contacts) if (usableName(contact.programme)) names.add(contact.programme!.trim());
  }
  return [...names];
}

/** Whether the text (its analysed terms) names the subject: all of the name's terms occur in it. */
function names(terms: ReadonlySet<string>, name: string): boolean {
  const nameTerms = analyze(name);
  return nameTerms.length > 0 && nameTerms.every((term) => terms.has(term));
}

const foldedTexts = new WeakMap<Chunk, string>();

/** A chunk's heading and text, folded once per chunk (documents are asked about again and again). */
function foldedText(chunk: Chunk): string {
  let text = foldedTexts.get(chunk);
  if (text === undefined) {
    text = folded(`${chunk.heading ?? ''} ${chunk.text}`);
    foldedTexts.set(chunk, text);
  }
  return text;
}

/** Which kinds of fact the passages about the subject carry. */
function kindsAbout(subject: string, chunks: readonly Chunk[]): Set<FactKind> {
  const kinds = new Set<FactKind>();
  const needle = folded(subject);
  for (const chunk of chunks) {
    const about = foldedText(chunk).includes(needle);
    const programmeContact = chunk.facts.contacts.some((c) => c.programme !== undefined && folded(c.programme) === needle && (c.phones.length > 0 || c.emails.length > 0 || c.name));
    if (programmeContact) kinds.add('contact');
    if (!about) continue;
    const { facts } = chunk;
    if (facts.contacts.some((c) => c.name && (c.phones.length > 0 || c.emails.length > 0))) kinds.add('contact');
    if (facts.dates.some((d) => d.start !== undefined)) kinds.add('date');
    if (facts.amounts.some((a) => a.kind === 'money')) kinds.add('amount');
    if (facts.amounts.some((a) => a.kind === 'count')) kinds.add('count');
    if (facts.places.length > 0) kinds.add('place');
    if (facts.offers.some((o) => folded(o.name) === needle)) kinds.add('offer');
  }
  return kinds;
}

/** The kind of fact the answered question asked for, in the terms of the templates. */
function askedKind(result: AnswerResult): FactKind | undefined {
  return result.kind === 'general' || result.kind === 'list' ? undefined : result.kind;
}

function sameQuestion(a: string, b: string): boolean {
  return folded(a).replace(/[?!.]+$/, '') === folded(b).replace(/[?!.]+$/, '');
}

/** The candidates, best first, before any of them is checked. */
export async function followUpCandidates(input: FollowUpInput, assistant: Pick<Asker, 'chunksOfSource'>, limit = 6): Promise<string[]> {
  const { result } = input;
  const sources = [...new Set(result.citations.map((c) => c.source))];
  const chunks = (await Promise.all(sources.map((source) => assistant.chunksOfSource(source)))).flat();
  const cited = new Set(result.citations.map((c) => c.chunkId));
  const citedChunks = chunks.filter((chunk) => cited.has(chunk.id));
  // The subject: a name from the documents that the question names; else one the answer names.
  const candidatesNames = [...new Set([...factNames(citedChunks), ...factNames(chunks)])];
  const questionTerms = new Set(analyze(input.question));
  const answerTerms = new Set(analyze(result.answer));
  // The most specific name (most terms) that the question names, else that the answer names.
  const longest = (list: string[]) => list.sort((a, b) => analyze(b).length - analyze(a).length)[0];
  const subject =
    longest(candidatesNames.filter((name) => names(questionTerms, name))) ?? longest(candidatesNames.filter((name) => names(answerTerms, name)));
  if (!subject) return [];
  const asked = askedKind(result);
  const earlier = [input.question, ...(input.history ?? []).filter((t) => t.role === 'user').map((t) => t.text)];
  const kinds = kindsAbout(subject, chunks);
  const templates = TEMPLATES[result.language];
  return ORDER.filter((kind) => kind !== asked && kinds.has(kind))
    .map((kind) => templates[kind](subject))
    .filter((question) => !earlier.some((e) => sameQuestion(e, question)))
    .slice(0, limit);
}

/** Whether a candidate's answer is a real answer from the documents about the same subject. */
function accepted(candidate: AnswerResult, original: AnswerResult): boolean {
  if (!candidate.answered || candidate.citations.length === 0) return false;
  if (folded(candidate.answer) === folded(original.answer)) return false;
  const sources = new Set(original.citations.map((c) => c.source));
  return candidate.citations.some((c) => sources.has(c.source));
}

/**
 * Two or three follow-up questions for an answered question, each answered by `assistant` from the
 * documents (in the conversation as it continues); [] when the question was not answered or nothing
 * passed. Candidates are checked in small concurrent batches, best first, until enough passed, so
 * usually no more questions are asked than are offered. Errors of single checks drop that candidate.
 */
export async function suggestFollowUps(input: FollowUpInput, assistant: Asker, options: FollowUpOptions = {}): Promise<string[]> {
  const max = options.max ?? 3;
  if (max <= 0 || !input.result.answered || input.result.citations.length === 0) return [];
  const candidates = await followUpCandidates(input, assistant, options.maxCandidates ?? 6);
  const history: ConversationTurn[] = [...(input.history ?? []), { role: 'user', text: input.question }, { role: 'assistant', text: input.result.answer }];
  const deadline = Date.now() + (options.timeoutMs ?? 3000);
  const suggestions: string[] = [];
  // Two candidates that got the same answer would offer the same thing twice.
  const answers = new Set<string>();
  let next = 0;
  while (next < candidates.length && suggestions.length < max && Date.now() < deadline) {
    const batch = candidates.slice(next, next + max - suggestions.length);
    next += batch.length;
    const results = await settledBy(
      batch.map((question) => assistant.ask({ question, history })),
      deadline,
    );
    results.forEach((answer, index) => {
      if (!answer || !accepted(answer, input.result) || suggestions.length >= max) return;
      const key = folded(answer.answer);
      if (answers.has(key)) return;
      answers.add(key);
      suggestions.push(batch[index]!);
    });
  }
  return suggestions;
}

/** The results that arrived by the deadline (undefined for failures and latecomers), in order. */
async function settledBy<T>(promises: readonly Promise<T>[], deadline: number): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(promises.length);
  const tracked = promises.map((promise, index) =>
    promise.then(
      (value) => {
        results[index] = value;
      },
      () => undefined,
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(tracked), new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
  return [...results];
}
