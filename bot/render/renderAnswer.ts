import type { Activity, CardAction, Entity } from 'botbuilder';
import type { AnswerResult } from '../../core/types.ts';
import { answerTexts, type AnswerTexts } from '../botTexts.ts';
import { contactCard } from './adaptiveCards.ts';
import { citationEntries, type CitationEntry } from './citationEntries.ts';
import { contactRecordLinks, type ContactLink } from './contactLinks.ts';
import { plainTextAsMarkdown } from './plainText.ts';
import { citationUrl, isPdf, viewerUrl } from './sourceLinks.ts';
import { teamsAiEntity } from './teamsCitations.ts';
import { WEB_ANSWER_VERSION, type WebAnswer } from './webChatAnswer.ts';

export interface RenderOptions {
  channelId: string;
  /** Base of the links to cited documents (https://bot.example). */
  publicBaseUrl: string;
  /** Id under which feedback on this answer is filed. */
  answerId: string;
  /** Follow-up questions the index can answer, offered as suggested actions. */
  followUps?: readonly string[];
}

export const TEAMS_CHANNEL = 'msteams';

/**
 * Mail and call buttons only for contact records extracted at ingest time that the answer names, never
 * for a number or address that merely stands in a document's text.
 */
function contactLinks(answer: AnswerResult): ContactLink[] {
  if (!answer.answered) return [];
  return contactRecordLinks(answer.contacts ?? []);
}

function suggestedActions(options: RenderOptions): Partial<Activity> {
  const questions = options.followUps ?? [];
  if (questions.length === 0) return {};
  const actions: CardAction[] = questions.map((question) => ({ type: 'imBack', title: question, value: question }));
  // Addressed to nobody in particular: in a one-to-one chat that is the person asking (Web Chat
  // hides actions addressed to an id other than its own user id, which the bot does not know).
  return { suggestedActions: { actions, to: [] } };
}

/** The answer (already Markdown) with a numbered source list, complete in itself for any Markdown-capable client. */
function markdownWithSources(text: string, entries: readonly CitationEntry[], texts: AnswerTexts, publicBaseUrl: string): string {
  if (entries.length === 0) return text;
  const lines = entries.map((e) => `- **[${e.marker}]** [${plainTextAsMarkdown(e.label)}](${citationUrl(publicBaseUrl, e, e.chunkIds)})`);
  return `${text}\n\n**${texts.sourcesHeading}:**\n\n${lines.join('\n')}`;
}

/**
 * Teams: the answer text with [n] markers, Teams' citation entity (popups on the markers with the
 * passage, AI label), the built-in feedback buttons and a contact card. Other channels (Web Chat,
 * Direct Line, Emulator): Markdown text with a source list, plus `channelData.wegweiser` from which
 * the web chat page renders expandable sources, contact links and its light feedback control.
 * Both get the follow-up questions as suggested actions, and every label in the answer's language.
 * Answer text and source titles come from documents: in Markdown they pass through plainTextAsMarkdown,
 * so the only links are the ones made here; in `channelData.wegweiser`, Teams' citation entity and the
 * suggested actions they stay plain strings, which their renderers show as text.
 */
export function renderAnswer(answer: AnswerResult, options: RenderOptions): Partial<Activity> {
  const { text, entries } = citationEntries(answer);
  const texts = answerTexts(answer.language);
  const contacts = contactLinks(answer);
  // Answer text comes from documents: shown as plain text, its [n] markers kept (see plainText.ts).
  const markdown = plainTextAsMarkdown(text);
  const locale = answer.language === 'en' ? 'en-US' : 'de-DE';
  if (options.channelId === TEAMS_CHANNEL) {
    return {
      type: 'message',
      text: markdown,
      textFormat: 'markdown',
      locale,
      entities: [teamsAiEntity(text, entries, options.publicBaseUrl) as unknown as Entity],
      channelData: { feedbackLoopEnabled: true },
      ...(contacts.length > 0 ? { attachments: [contactCard(contacts, texts)] } : {}),
      ...suggestedActions(options),
    };
  }
  const { writeEmail, call, ...labels } = texts;
  const web: WebAnswer = {
    version: WEB_ANSWER_VERSION,
    answerId: options.answerId,
    language: answer.language,
    text: markdown,
    sources: entries.map((e) => ({
      marker: e.marker,
      label: e.label,
      url: citationUrl(options.publicBaseUrl, e, e.chunkIds),
      ...(isPdf(e.source) ? { viewerUrl: viewerUrl(options.publicBaseUrl, e.source, e.chunkIds) } : {}),
      snippet: e.snippet,
    })),
    contacts: contacts.map((link) => ({ kind: link.kind, url: link.url, title: link.kind === 'email' ? writeEmail(link.display) : call(link.display) })),
    texts: labels,
  };
  return {
    type: 'message',
    text: markdownWithSources(markdown, entries, texts, options.publicBaseUrl),
    textFormat: 'markdown',
    locale,
    channelData: { wegweiser: web },
    ...suggestedActions(options),
  };
}
