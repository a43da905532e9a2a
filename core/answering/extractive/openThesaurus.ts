import fs from 'node:fs';
import { analyze } from '../../text/germanText.ts';
import { lazyResource } from '../languageResources.ts';

/**
 * German synonym sets from OpenThesaurus (Debian package `openthesaurus-de-text`, file
 * /usr/share/openthesaurus-de/openthesaurus.txt, LGPL-2.1, https://www.openthesaurus.de/). One line is
 * one set, its words separated by ";", with annotations in parentheses ("abdüsen (ugs.)",
 * "(sich) anmelden"). Only one-word entries are kept, as stems, so that they meet the index's terms.
 */

/** The stems of one synonym-set line; multi-word phrases and prefixes ("Billig...") are left out. */
export function parseSynsetLine(line: string): string[] {
  if (line.length === 0 || line.startsWith('#')) return [];
  const stems = new Set<string>();
  for (const raw of line.split(';')) {
    const word = raw.replace(/\([^()]*\)/g, ' ').trim();
    if (word.length < 2 || /\s|\.\.\.|…/.test(word)) continue;
    const terms = analyze(word);
    if (terms.length === 1) stems.add(terms[0]!);
  }
  return stems.size > 1 ? [...stems] : [];
}

export class Thesaurus {
  private readonly byStem = new Map<string, number[]>();
  private readonly sets: string[][] = [];

  static fromText(text: string): Thesaurus {
    const thesaurus = new Thesaurus();
    for (const line of text.split('\n')) {
      const stems = parseSynsetLine(line.trimEnd());
      if (stems.length === 0) continue;
      const id = thesaurus.sets.length;
      thesaurus.sets.push(stems);
      for (const stem of stems) {
        const ids = thesaurus.byStem.get(stem);
        if (ids) ids.push(id);
        else thesaurus.byStem.set(stem, [id]);
      }
    }
    return thesaurus;
  }

  get size(): number {
    return this.sets.length;
  }

  /** The synonym sets a stem belongs to, each with at most `maxSize` members. */
  setsOf(stem: string, maxSize = Infinity): string[][] {
    return (this.byStem.get(stem) ?? []).map((id) => this.sets[id]!).filter((set) => set.length <= maxSize);
  }
}

const openThesaurus = lazyResource({
  name: 'openThesaurus',
  packageName: 'openthesaurus-de-text',
  without: 'German questions use the built-in synonym groups only',
  load: (file) => Thesaurus.fromText(fs.readFileSync(file, 'utf8')),
});

export function thesaurus(): Thesaurus | undefined {
  return openThesaurus.get();
}
