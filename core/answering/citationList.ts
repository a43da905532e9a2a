import type { Chunk, Citation } from '../types.ts';

/** Hands out citation markers [1], [2], … in order of first use, one per cited chunk. */
export class CitationList {
  private readonly byChunk = new Map<string, Citation>();

  cite(chunk: Chunk, snippet: string): string {
    let citation = this.byChunk.get(chunk.id);
    if (!citation) {
      citation = {
        marker: this.byChunk.size + 1,
        chunkId: chunk.id,
        source: chunk.source,
        title: chunk.title,
        locator: chunk.locator.label,
        snippet: snippet.replace(/\s+/g, ' ').trim().slice(0, 240),
      };
      this.byChunk.set(chunk.id, citation);
    }
    return `[${citation.marker}]`;
  }

  /** The marker a chunk has or would get next, without citing it. */
  peek(chunk: Chunk): string {
    return `[${this.byChunk.get(chunk.id)?.marker ?? this.byChunk.size + 1}]`;
  }

  list(): Citation[] {
    return [...this.byChunk.values()];
  }
}
