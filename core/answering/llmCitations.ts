import { analyze } from '../text/germanText.ts';
import type { Chunk, Citation } from '../types.ts';
import { CitationList } from './citationList.ts';
import { excerpt } from './evidence.ts';
import type { NumberedSource } from './sourceBlocks.ts';

/**
 * Turns the model's citations into checked `Citation`s.
 *
 * The model marks statements with source numbers ("[3]") and lists chunk ids. Both are checked
 * against what was actually retrieved: a citation of anything else means the model made it up, and
 * the whole reply is discarded. Markers are renumbered 1..n in order of first appearance, so the
 * person sees [1], [2], … regardless of the retrieval order.
 */

export type CitationRejection = 'unknown_citation' | 'missing_citation';

export type MappedCitations =
  | { ok: true; answer: string; citations: Citation[] }
  | { ok: false; reason: CitationRejection; detail: string };

// Brackets the model may use for citations: "[1]", "[1, 2]", "[2-4]", "[id=abc]". Others ("[sic]") are text.
const BRACKET = /\[([^[\]\n]{1,200})\]/g;
const NUMBER = /^\d{1,3}$/;
const RANGE = /^(\d{1,3})\s*[-–]\s*(\d{1,3})$/;
/** Something that looks like a chunk id rather than a word, so an unknown one is a made-up citation. */
const ID_LIKE = /^(id=)?[0-9a-f]{8,}$/i;
const MAX_RANGE = 20;

type Token = { kind: 'number'; value: number } | { kind: 'id'; value: string };

/** Parses bracket contents; undefined when the bracket is ordinary text. */
function parseMarker(contents: string, knownIds: ReadonlySet<string>): Token[] | undefined {
  const tokens: Token[] = [];
  const cleaned = contents.replace(/\b(quellen?|sources?)\s*/gi, '');
  for (const raw of cleaned.split(/\s*[,;]\s*|\s+(?=\d)/)) {
    const token = raw.trim();
    if (token === '') continue;
    const range = RANGE.exec(token);
    if (NUMBER.test(token)) tokens.push({ kind: 'number', value: Number(token) });
    else if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to - from > MAX_RANGE) return undefined;
      for (let n = from; n <= to; n++) tokens.push({ kind: 'number', value: n });
    } else {
      const id = token.replace(/^id=/, '');
      if (knownIds.has(id) || ID_LIKE.test(token)) tokens.push({ kind: 'id', value: id });
      else return undefined;
    }
  }
  return tokens.length > 0 ? tokens : undefined;
}

/** The statement a marker belongs to: the text since the previous sentence end. */
function statementBefore(answer: string, index: number): string {
  // A marker may follow the full stop ("… 100 Euro. [1]"): step back over it to the sentence itself.
  const before = answer.slice(0, index).replace(/[\s.!?]+$/, '');
  const boundary = Math.max(before.lastIndexOf('\n'), before.search(/[.!?]\s[^.!?]*$/));
  return before.slice(boundary + 1);
}

export function mapCitations(
  answer: string,
  citedChunkIds: readonly string[],
  sources: readonly NumberedSource[],
  answered: boolean,
): MappedCitations {
  const byNumber = new Map<number, Chunk>(sources.map((s) => [s.number, s.chunk]));
  const byId = new Map<string, Chunk>(sources.map((s) => [s.chunk.id, s.chunk]));
  const knownIds = new Set(byId.keys());

  const unknownIds = citedChunkIds.filter((id) => !byId.has(id));
  if (unknownIds.length > 0) {
    return { ok: false, reason: 'unknown_citation', detail: `cited ${unknownIds.length} chunk id(s) that were not retrieved` };
  }

  const list = new CitationList();
  let failure: MappedCitations | undefined;
  let rewritten = answer.replace(BRACKET, (whole, contents: string, offset: number) => {
    const tokens = parseMarker(contents, knownIds);
    if (!tokens) return whole;
    const snippetTerms = new Set(analyze(statementBefore(answer, offset)));
    const markers = new Set<string>();
    for (const token of tokens) {
      const chunk = token.kind === 'number' ? byNumber.get(token.value) : byId.get(token.value);
      if (!chunk) {
        failure ??= { ok: false, reason: 'unknown_citation', detail: `marker [${contents}] names no retrieved source` };
        return whole;
      }
      markers.add(list.cite(chunk, excerpt(chunk.text, snippetTerms, 240)));
    }
    return [...markers].join('');
  });
  if (failure) return failure;

  // Models sometimes list their sources without marking the text; the ids are checked, so keep them.
  if (list.list().length === 0 && answered && citedChunkIds.length > 0) {
    const terms = new Set(analyze(answer));
    const markers = new Set<string>();
    for (const id of citedChunkIds) {
      const chunk = byId.get(id);
      if (chunk) markers.add(list.cite(chunk, excerpt(chunk.text, terms, 240)));
    }
    rewritten = `${rewritten.trimEnd()} ${[...markers].join('')}`;
  }

  const citations = list.list();
  if (answered && citations.length === 0) {
    return { ok: false, reason: 'missing_citation', detail: 'the answer claims to answer but cites no source' };
  }
  return { ok: true, answer: rewritten, citations };
}
