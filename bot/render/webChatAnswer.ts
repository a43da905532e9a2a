import type { Language } from '../../core/types.ts';
import type { AnswerTexts } from '../botTexts.ts';

/**
 * What the web chat page (bot/webchat/public/app.js) needs to show an answer: it arrives as
 * `channelData.wegweiser` on the answer message, and the page renders the sources with expandable
 * passages, contact links and the feedback control from it. The message's own text stays a complete
 * Markdown answer with a source list, for any other Direct Line client. The page speaks this
 * protocol too; change both together.
 */
export const WEB_ANSWER_VERSION = 1;

/** Event the page posts for thumbs up/down (value: FeedbackEventValue). */
export const FEEDBACK_EVENT = 'wegweiser/feedback';
/** Event the bot answers with once the feedback is stored (value: { answerId }). */
export const FEEDBACK_STORED_EVENT = 'wegweiser/feedback-stored';

export interface FeedbackEventValue {
  answerId: string;
  rating: 'up' | 'down';
  comment?: string;
}

export interface WebAnswerSource {
  marker: number;
  /** "Titel – Folie 15"; plain text, which the page renders as a text node (never as Markdown or HTML). */
  label: string;
  /** Where the citation link leads: the PDF at the page, otherwise the source viewer at the passage. */
  url: string;
  /** For PDFs: the source viewer with the passage highlighted (the main link opens the PDF page). */
  viewerUrl?: string;
  /** The cited passage, as in the Teams citation abstract; plain text, rendered as a text node. */
  snippet: string;
}

export interface WebAnswerContact {
  kind: 'email' | 'phone';
  /** mailto: or tel: */
  url: string;
  /** "E-Mail an …", "Anrufen: …" */
  title: string;
}

/** Labels of the answer's parts, in the answer's language. */
export type WebAnswerTexts = Omit<AnswerTexts, 'writeEmail' | 'call'>;

export interface WebAnswer {
  version: typeof WEB_ANSWER_VERSION;
  answerId: string;
  language: Language;
  /** The answer text as Markdown (document text escaped by plainTextAsMarkdown) with its [n] markers, without the source list. */
  text: string;
  sources: WebAnswerSource[];
  contacts: WebAnswerContact[];
  texts: WebAnswerTexts;
}
