import fs from 'node:fs';
import { englishVariants, parseDingLine, type DingEntry } from './dingDictionary.ts';

/**
 * Finds the lines of the Ding dictionary file that translate an English word or phrase, without holding
 * the 25 MB file or a map of its 500,000 English keys in memory: one pass over the file stores a 32-bit
 * hash of every English variant with the byte offset of its line, in an open-addressing table of two
 * typed arrays (8 MB). A lookup reads the few lines under its hash from the file (the page cache keeps
 * them warm) and parses them; a hash collision is dropped by checking the parsed line.
 */

/** Phrases longer than this are examples ("to give the opening speech"), not what a question says. */
const MAX_KEY_WORDS = 3;
const MAX_KEY_LENGTH = 40;
const READ_CHUNK = 1 << 20;
/** Most lines are shorter; a longer one is read again with a larger buffer. */
const LINE_PROBE = 1024;
const SEPARATOR = Buffer.from(' :: ');
const NEWLINE = 0x0a;

/** FNV-1a over UTF-16 code units. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function wordCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) n++;
  return n;
}

/** The English keys a line is found by: its English variants of at most MAX_KEY_WORDS words. */
function lineKeys(englishSide: string): Set<string> {
  const keys = new Set<string>();
  for (const sense of englishSide.split(' | ')) {
    for (const variant of englishVariants(sense)) if (variant.length <= MAX_KEY_LENGTH && wordCount(variant) <= MAX_KEY_WORDS) keys.add(variant);
  }
  return keys;
}

export class DingIndex {
  private readonly scratch = Buffer.allocUnsafe(LINE_PROBE);

  private constructor(
    private readonly fd: number,
    private readonly hashes: Uint32Array,
    /** Byte offset of the line + 1; 0 marks an empty slot. */
    private readonly offsets: Uint32Array,
  ) {}

  /** Reads the dictionary once and builds the table; throws the file system's error when it cannot be read. */
  static build(file: string): DingIndex {
    const fd = fs.openSync(file, 'r');
    try {
      const { hashes, offsets } = scan(fd);
      const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, hashes.length * 2)));
      const tableHashes = new Uint32Array(capacity);
      const tableOffsets = new Uint32Array(capacity);
      const mask = capacity - 1;
      for (let i = 0; i < hashes.length; i++) {
        let slot = hashes[i]! & mask;
        while (tableOffsets[slot] !== 0) slot = (slot + 1) & mask;
        tableHashes[slot] = hashes[i]!;
        tableOffsets[slot] = offsets[i]! + 1;
      }
      return new DingIndex(fd, tableHashes, tableOffsets);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** The lines that have `key` (lower case, as englishVariants gives it) among their English variants, with those senses. */
  entries(key: string): DingEntry[] {
    const hash = hashKey(key);
    const mask = this.hashes.length - 1;
    const found: DingEntry[] = [];
    for (let slot = hash & mask; this.offsets[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] !== hash) continue;
      // A hash collision gives a line without the key, hence no senses.
      const entry = parseDingLine(this.readLine(this.offsets[slot]! - 1), key);
      if (entry) found.push(entry);
    }
    return found;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private readLine(offset: number): string {
    let buffer = this.scratch;
    for (;;) {
      const read = fs.readSync(this.fd, buffer, 0, buffer.length, offset);
      const end = buffer.indexOf(NEWLINE);
      if (end >= 0 && end < read) return buffer.toString('utf8', 0, end);
      if (read < buffer.length) return buffer.toString('utf8', 0, read);
      buffer = Buffer.allocUnsafe(buffer.length * 2);
    }
  }
}

/** One pass over the file in 1 MB chunks: the hash of each English key with its line's byte offset. */
function scan(fd: number): { hashes: Uint32Array; offsets: Uint32Array } {
  let hashes = new Uint32Array(1 << 19);
  let offsets = new Uint32Array(1 << 19);
  let count = 0;
  const push = (hash: number, offset: number): void => {
    if (count === hashes.length) {
      const grownHashes = new Uint32Array(hashes.length * 2);
      grownHashes.set(hashes);
      hashes = grownHashes;
      const grownOffsets = new Uint32Array(offsets.length * 2);
      grownOffsets.set(offsets);
      offsets = grownOffsets;
    }
    hashes[count] = hash;
    offsets[count] = offset;
    count++;
  };
  let buffer = Buffer.allocUnsafe(READ_CHUNK);
  let position = 0;
  for (;;) {
    const read = fs.readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    const end = read === buffer.length ? buffer.lastIndexOf(NEWLINE, read - 1) : read;
    if (end < 0) {
      // One line longer than the chunk: read it with a larger buffer.
      buffer = Buffer.allocUnsafe(buffer.length * 2);
      continue;
    }
    let start = 0;
    while (start < end) {
      let lineEnd = buffer.indexOf(NEWLINE, start);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      if (buffer[start] !== 0x23 /* # */) {
        const at = buffer.indexOf(SEPARATOR, start);
        if (at >= 0 && at < lineEnd) {
          for (const key of lineKeys(buffer.toString('utf8', at + SEPARATOR.length, lineEnd))) push(hashKey(key), position + start);
        }
      }
      start = lineEnd + 1;
    }
    if (read < buffer.length) break;
    position += end + 1;
  }
  return { hashes: hashes.subarray(0, count), offsets: offsets.subarray(0, count) };
}
