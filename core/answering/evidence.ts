import { analyze } from '../text/germanText.ts';

/** Cuts a long unit to a window around its best-matching words, so answers stay short. */
export function excerpt(text: string, questionTerms: ReadonlySet<string>, maxLength = 320): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const words = clean.split(' ');
  let bestStart = 0;
  let bestHits = -1;
  const hits = words.map((word) => (analyze(word).some((term) => questionTerms.has(term)) ? 1 : 0));
  for (let start = 0; start < words.length; start++) {
    let length = 0;
    let count = 0;
    for (let i = start; i < words.length && length + (words[i]?.length ?? 0) + 1 <= maxLength - 2; i++) {
      length += (words[i]?.length ?? 0) + 1;
      count += hits[i] ?? 0;
    }
    if (count > bestHits) {
      bestHits = count;
      bestStart = start;
    }
  }
  let out = '';
  let end = bestStart;
  for (; end < words.length && out.length + (words[end]?.length ?? 0) + 1 <= maxLength - 2; end++) {
    out += (out ? ' ' : '') + words[end];
  }
  return `${bestStart > 0 ? '… ' : ''}${out}${end < words.length ? ' …' : ''}`;
}
