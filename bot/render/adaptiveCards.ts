import type { Attachment } from 'botbuilder';
import { BOT_TEXTS } from '../botTexts.ts';
import type { ContactLink } from './contactLinks.ts';

/** Adaptive Card 1.4 is rendered by Teams and by Web Chat alike. */
const CARD_VERSION = '1.4';
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** What an Action.Submit of the feedback card sends back as the message's value. */
export const FEEDBACK_ACTION = 'wegweiser.feedback';

export interface FeedbackSubmitValue {
  action: typeof FEEDBACK_ACTION;
  rating: 'up' | 'down';
  answerId: string;
  comment?: string;
}

function card(body: unknown[], actions: unknown[]): Attachment {
  return {
    contentType: CARD_CONTENT_TYPE,
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, body, actions },
  };
}

/** Buttons that open the mail program or dial (Action.OpenUrl with mailto:/tel:). */
export function contactCard(links: readonly ContactLink[]): Attachment {
  return card(
    [{ type: 'TextBlock', text: BOT_TEXTS.contactTitle, weight: 'Bolder', wrap: true }],
    links.map((link) => ({
      type: 'Action.OpenUrl',
      title: link.kind === 'email' ? BOT_TEXTS.writeEmail(link.display) : BOT_TEXTS.call(link.display),
      url: link.url,
    })),
  );
}

/** 👍/👎 with an optional comment, for channels without Teams' built-in feedback buttons. */
export function feedbackCard(answerId: string): Attachment {
  const submit = (rating: 'up' | 'down', title: string) => ({
    type: 'Action.Submit',
    title,
    data: { action: FEEDBACK_ACTION, rating, answerId },
  });
  return card(
    [
      { type: 'TextBlock', text: BOT_TEXTS.feedbackPrompt, wrap: true },
      // The placeholder also names the field in Web Chat's screen-reader copy of the card, where the label's id is dropped.
      {
        type: 'Input.Text',
        id: 'comment',
        label: BOT_TEXTS.feedbackCommentLabel,
        placeholder: BOT_TEXTS.feedbackCommentPlaceholder,
        isMultiline: true,
        maxLength: 1000,
      },
    ],
    [submit('up', BOT_TEXTS.feedbackUp), submit('down', BOT_TEXTS.feedbackDown)],
  );
}
