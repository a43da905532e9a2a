import type { Activity, Attachment, Entity } from 'botbuilder';
import type { AnswerResult } from '../../core/types.ts';
import { BOT_TEXTS } from '../botTexts.ts';
import { contactCard, feedbackCard } from './adaptiveCards.ts';
import { contactRecordLinks } from './contactLinks.ts';
import { plainTextAsMarkdown } from './plainText.ts';
import { sourceLabel, sourceUrl } from './sourceLinks.ts';
import { markersIn, teamsAiEntity } from './teamsCitations.ts';

export interface RenderOptions {
  channelId: string;
  /** Base of the links to cited documents (https://bot.example). */
  publicBaseUrl: string;
  /** Id under which feedback on this answer is filed. */
  answerId: string;
}

export const TEAMS_CHANNEL = 'msteams';

/** Cited sources that the text refers to, in marker order; all of them when the text has no markers. */
function citedInText(answer: AnswerResult) {
  const used = markersIn(answer.answer);
  const cited = answer.citations.filter((c) => used.size === 0 || used.has(c.marker));
  return [...cited].sort((a, b) => a.marker - b.marker);
}

/**
 * Mail and call buttons only for contact records extracted at ingest time that the answer names, never
 * for a number or address that merely stands in a document's text.
 */
function contactAttachment(answer: AnswerResult): Attachment[] {
  if (!answer.answered) return [];
  const links = contactRecordLinks(answer.contacts ?? []);
  return links.length > 0 ? [contactCard(links)] : [];
}

/**
 * Teams: the answer text with [n] markers, Teams' citation entity (popups on the markers, AI label)
 * and the built-in feedback buttons. Other channels (Web Chat, Direct Line, Emulator): the text with
 * a numbered list of source links, and a feedback card. Answer text and source titles come from
 * documents and are shown as plain text; the only links are the ones made here.
 */
export function renderAnswer(answer: AnswerResult, options: RenderOptions): Partial<Activity> {
  const contact = contactAttachment(answer);
  if (options.channelId === TEAMS_CHANNEL) {
    return {
      type: 'message',
      text: plainTextAsMarkdown(answer.answer),
      textFormat: 'markdown',
      entities: [teamsAiEntity(answer.answer, answer.citations, options.publicBaseUrl) as unknown as Entity],
      channelData: { feedbackLoopEnabled: true },
      ...(contact.length > 0 ? { attachments: contact } : {}),
    };
  }
  const sources = citedInText(answer).map((c) => `- **[${c.marker}]** [${plainTextAsMarkdown(sourceLabel(c))}](${sourceUrl(options.publicBaseUrl, c)})`);
  const answerText = plainTextAsMarkdown(answer.answer);
  const text = sources.length > 0 ? `${answerText}\n\n**${BOT_TEXTS.sourcesHeading}:**\n\n${sources.join('\n')}` : answerText;
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    attachments: [...contact, feedbackCard(options.answerId)],
  };
}
