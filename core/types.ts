/**
 * Domain types shared by ingestion, the index and answering.
 * Names follow the domain: a document has sections with a locator a person can follow,
 * chunks carry facts, answers carry citations.
 */

export type DocumentFormat = 'pdf' | 'pptx' | 'docx' | 'html' | 'markdown' | 'text';

/** Where in a document a passage lives, in words a person can follow ("Folie 8", "Seite 3", a heading). */
export interface Locator {
  kind: 'page' | 'slide' | 'section';
  /** Page or slide number (1-based) for `page`/`slide`. */
  number?: number;
  /** Human-readable label: "Seite 3", "Folie 8" or the section heading. */
  label: string;
}

export interface DocumentSection {
  locator: Locator;
  /** The nearest heading (slide title, HTML/Markdown heading); may be absent. */
  heading?: string;
  /** Headings of the enclosing sections, outermost first, without `heading` itself. */
  headingPath?: string[];
  /** Plain text, paragraphs separated by a blank line. */
  text: string;
}

export interface LoadedDocument {
  /** Path relative to the documents folder, with forward slashes. */
  source: string;
  title: string;
  /** Who published it, when the file says so (a web page's site name): questions name the provider. */
  publisher?: string;
  format: DocumentFormat;
  sections: DocumentSection[];
}

export interface Contact {
  name?: string;
  /** Academic or honorary titles such as "Dr.", "Prof. Dr.". */
  honorific?: string;
  role?: string;
  organisation?: string;
  phones: string[];
  emails: string[];
  /** The programme or project the contact belongs to (same slide/section or its heading). */
  programme?: string;
}

export interface DateFact {
  /** The text as written ("28. November 2022", "Q3 / 2020"). */
  text: string;
  /** ISO date (yyyy-mm-dd) of the first day of the period, absent when no year is known. */
  start?: string;
  /** ISO date (yyyy-mm-dd) of the last day of the period. */
  end?: string;
  precision: 'day' | 'month' | 'quarter' | 'season' | 'year' | 'open';
  /** Time of day range when given ("10:00–12:00"). */
  time?: string;
  /** The sentence or line the date stands in. */
  context: string;
}

export interface PlaceFact {
  text: string;
  context: string;
}

export interface AmountFact {
  kind: 'money' | 'count' | 'duration' | 'percent';
  text: string;
  value?: number;
  /** Unit or counted noun ("Euro", "Teilnehmende", "Stunden"). */
  unit?: string;
  context: string;
}

export interface Offer {
  name: string;
  provider?: string;
  targetGroup?: string;
  format?: string;
  cost?: string;
  dates?: string;
  contact?: string;
  context: string;
}

export interface ChunkFacts {
  contacts: Contact[];
  dates: DateFact[];
  places: PlaceFact[];
  amounts: AmountFact[];
  offers: Offer[];
}

export interface Chunk {
  /** Stable id: hash of source, locator and text. */
  id: string;
  /** Numeric label in the vector index. */
  label: number;
  source: string;
  title: string;
  /** The document's publisher (see LoadedDocument); searched like the title, never shown. */
  publisher?: string;
  format: DocumentFormat;
  locator: Locator;
  heading?: string;
  /** Headings of the enclosing sections, outermost first (see DocumentSection). */
  headingPath?: string[];
  text: string;
  /** Content hash of the whole file the chunk came from. */
  fileHash: string;
  fileMtime: string;
  facts: ChunkFacts;
}

export interface Citation {
  /** 1-based marker number as used in the answer text ("[1]"). */
  marker: number;
  chunkId: string;
  source: string;
  title: string;
  locator: string;
  snippet: string;
}

export type QuestionKind = 'contact' | 'date' | 'place' | 'amount' | 'offer' | 'list' | 'general';
export type Language = 'de' | 'en';

export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AnswerRequest {
  question: string;
  /** Earlier turns, oldest first, for follow-up questions. */
  history?: ConversationTurn[];
  /** Restrict retrieval to these sources (relative paths). */
  sources?: string[];
}

export interface AnswerResult {
  answered: boolean;
  /** Answer text with citation markers such as "[1]". */
  answer: string;
  citations: Citation[];
  language: Language;
  kind: QuestionKind;
  engine: string;
  /**
   * Contact records (extracted at ingest time) of the cited passages whose phone number or e-mail the
   * answer names; channels offer call and mail actions for these only, never for text in a document.
   */
  contacts?: Contact[];
}
