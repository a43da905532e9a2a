import type { Attachment } from 'botbuilder';
import type { AnswerTexts } from '../botTexts.ts';
import type { ContactLink } from './contactLinks.ts';

/** Adaptive Card 1.4 is rendered by Teams and by Web Chat alike. */
const CARD_VERSION = '1.4';
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

function card(body: unknown[], actions: unknown[]): Attachment {
  return {
    contentType: CARD_CONTENT_TYPE,
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, body, actions },
  };
}

/** Buttons that open the mail program or dial (Action.OpenUrl with mailto:/tel:), for Teams. */
export function contactCard(links: readonly ContactLink[], texts: AnswerTexts): Attachment {
  return card(
    [{ type: 'TextBlock', text: texts.contactTitle, weight: 'Bolder', wrap: true }],
    links.map((link) => ({
      type: 'Action.OpenUrl',
      title: link.kind === 'email' ? texts.writeEmail(link.display) : texts.call(link.display),
      url: link.url,
    })),
  );
}
