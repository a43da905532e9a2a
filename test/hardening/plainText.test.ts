import MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../bot/render/renderAnswer.ts';
import { plainTextAsMarkdown } from '../../bot/render/plainText.ts';
import type { TeamsAiMessageEntity } from '../../bot/render/teamsCitations.ts';
import type { WebAnswer } from '../../bot/render/webChatAnswer.ts';
import type { AnswerResult, Citation } from '../../core/types.ts';

// markdown-it as Web Chat 4.18 configures it (renderMarkdown.js): HTML, auto-links and typographer on,
// plus its aria-label attributes plugin (markdown-it-attrs at the version Web Chat pins; its -es5
// rebuild is not built here, its install script is denied). The browser test checks the real Web Chat.
const attrs = createRequire(import.meta.url)('markdown-it-attrs') as MarkdownIt.PluginWithOptions;
const webChatMarkdown = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true }).use(attrs, {
  allowedAttributes: ['aria-label'],
  leftDelimiter: '\u27ec',
  rightDelimiter: '\u27ed',
});

function rendered(text: string): string {
  return webChatMarkdown.render(plainTextAsMarkdown(text));
}

/** The text a person sees: tags removed, entities decoded, as a browser shows it. */
function visibleText(html: string): string {
  return html
    .replace(/<br \/>\n?/g, '\n')
    .replace(/<\/p>\n?<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** An answered result citing one passage. */
function answerOf(answer: string, citation: Partial<Citation>, kind: AnswerResult['kind'] = 'general'): AnswerResult {
  return {
    answered: true,
    answer,
    citations: [{ marker: 1, chunkId: 'c1', source: 'a.txt', title: 'A', locator: '', snippet: '', ...citation }],
    language: 'de',
    kind,
    engine: 'test',
  };
}

describe('document text as plain text in Markdown', () => {
  it.each([
    'Anmeldung: <img src=x onerror=alert(1)> und <a href="https://evil.example/login">Portal</a>',
    'Mehr unter https://www.evil.example/info, www.evil.de oder evil.com und per Mail an info@evil.de.',
    '<https://evil.example> [klick](https://evil.example) ![bild](https://evil.example/x.png)',
    '[1]: https://evil.example\nSiehe [1] und [hier][1].',
    'Mitarbeiter*innen und Kolleg_innen, `Code`, ~~durch~~, a | b | c, {aria-label="Falsch"} \u27ecaria-label=x\u27ed',
    '# Keine Überschrift\n- kein Punkt\n1. keine Nummer\n> kein Zitat\n    kein Code\n===',
    'Preis: 100 &euro; &amp; mehr \\*',
  ])('shows %j exactly as written, with no tag, link, image or formatting', (text) => {
    const html = rendered(text);
    expect(html).not.toMatch(/<(a|img|h\d|li|ol|ul|blockquote|pre|code|em|strong|s|del|table)\b/);
    expect(html).not.toMatch(/<[^>]*aria-label/);
    // Line starts lose only their indentation; everything else stays as written.
    const expected = text
      .split('\n')
      .map((line) => line.trimStart())
      .join('\n');
    expect(visibleText(html)).toBe(expected);
  });

  it('keeps citation markers literal (Teams matches them to its citations) and paragraphs apart', () => {
    const markdown = plainTextAsMarkdown('Ansprechpartner ist Herr Baldauf [1] [2].\n\nZweiter Absatz.');
    expect(markdown).toContain('[1] [2]');
    expect(rendered('Erster [1].\n\nZweiter.')).toBe('<p>Erster [1].</p>\n<p>Zweiter.</p>\n');
  });

  it('renders answers and source titles through it, with the bot\'s own links intact', () => {
    const answer = answerOf('Anmeldung über <a href="https://evil.example">das Portal</a> [1].', {
      source: 'kurs.txt',
      title: '<img src=x> Kurs',
      locator: 'Abschnitt 1',
      snippet: '<b>fett</b> *kursiv*',
    });
    const web = renderAnswer(answer, { channelId: 'directline', publicBaseUrl: 'https://bot.example', answerId: 'a1', followUps: ['Was kostet <img src=x>?'] });
    const html = webChatMarkdown.render(String(web.text));
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href="https://bot.example/view/kurs.txt?passage=c1#passage-c1">&lt;img src=x&gt; Kurs – Abschnitt 1</a>');
    expect(html).toContain('&lt;a href=&quot;https://evil.example&quot;&gt;das Portal&lt;/a&gt; [1]');
    // The web chat page renders the answer text as Markdown too, and label and passage as text nodes:
    // there they stay the document's plain strings (escaping them again would show the references).
    const parts = (web.channelData as { wegweiser: WebAnswer }).wegweiser;
    expect(webChatMarkdown.render(parts.text)).not.toMatch(/<(a|img|b)\b/);
    expect(parts.sources[0]).toMatchObject({ label: '<img src=x> Kurs – Abschnitt 1', snippet: '<b>fett</b> *kursiv*' });
    // Suggested actions are button labels and plain-text messages when clicked, in Web Chat and Teams.
    expect(web.suggestedActions?.actions[0]).toMatchObject({ type: 'imBack', title: 'Was kostet <img src=x>?' });

    const teams = renderAnswer(answer, { channelId: 'msteams', publicBaseUrl: 'https://bot.example', answerId: 'a1' });
    expect(teams.text).not.toContain('<');
    expect(teams.text).toContain('[1]');
    // Teams shows the citation's name and abstract as text in its popup, not as message Markdown.
    const entity = teams.entities?.[0] as unknown as TeamsAiMessageEntity;
    expect(entity.citation[0]!.appearance).toMatchObject({ name: '<img src=x> Kurs – Abschnitt 1', abstract: '<b>fett</b> *kursiv*' });
  });

  it('offers call and mail buttons only for contact records, not for numbers in the text', () => {
    const base = answerOf('Rufen Sie jetzt 0900 1234567 an oder schreiben Sie an gewinn@evil.example [1].', {}, 'contact');
    const actionsOf = (result: AnswerResult) =>
      ['directline', 'msteams']
        .map((channelId) => renderAnswer(result, { channelId, publicBaseUrl: 'https://bot.example', answerId: 'a1' }))
        .map((activity) => JSON.stringify([activity.attachments ?? [], (activity.channelData as { wegweiser?: WebAnswer } | undefined)?.wegweiser?.contacts ?? []]));
    for (const actions of actionsOf(base)) expect(actions).not.toMatch(/tel:|mailto:/);
    const withRecord = { ...base, contacts: [{ name: 'Anna Beispiel', phones: ['030 1234567'], emails: ['anna@amt.example'] }] };
    for (const actions of actionsOf(withRecord)) {
      expect(actions).toContain('tel:0301234567');
      expect(actions).toContain('mailto:anna@amt.example');
      expect(actions).not.toContain('0900');
    }
  });
});
