import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../core/answering/assistant.ts';
import { createAssistant } from '../../core/answering/createAssistant.ts';
import { followUpCandidates, suggestFollowUps } from '../../core/answering/followUps.ts';
import { loadConfig } from '../../core/config.ts';
import { createEmbeddings } from '../../core/embeddings/createEmbeddings.ts';
import { createLogger } from '../../core/logger.ts';
import type { AnswerRequest, AnswerResult, ConversationTurn } from '../../core/types.ts';
import { runIngestion } from '../../ingest/ingestPipeline.ts';
import { sharedPath } from '../sharedDir.ts';

describe('follow-up suggestions on the sample corpus', () => {
  let root: string;
  let assistant: Assistant;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wegweiser-followups-'));
    const config = loadConfig({ DOCS_DIR: sharedPath('corpus'), INDEX_DIR: path.join(root, 'index'), DATA_DIR: path.join(root, 'data'), LOG_LEVEL: 'silent', LOCAL_EMBEDDING_DIMENSIONS: '256' }, root);
    await runIngestion({ docsDir: config.docsDir, indexDir: config.indexDir, embeddings: await createEmbeddings(config), maxFileSizeBytes: config.maxFileSizeBytes });
    assistant = await createAssistant(config, createLogger({ level: 'silent' }), { watch: false });
  });

  afterAll(async () => {
    await assistant?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function suggestionsFor(question: string): Promise<{ result: AnswerResult; suggestions: string[] }> {
    const result = await assistant.ask({ question });
    expect(result.answered, question).toBe(true);
    return { result, suggestions: await suggestFollowUps({ question, result }, assistant) };
  }

  it.each([
    ['Wer ist Ansprechpartner für KommunalCampus?', 'KommunalCampus'],
    ['Wann ist die erste #digitaljourney gestartet?', '#digitaljourney'],
    ['Welche Laufzeit hat das Projekt Qualifica Digitalis?', 'Qualifica Digitalis'],
    ['Was ist die Masterclass II der Führungsakademie Baden-Württemberg?', 'Masterclass II'],
  ])('after %j: two or three questions about %s, each answered from the same documents when asked next', async (question, subject) => {
    const { result, suggestions } = await suggestionsFor(question);
    expect(suggestions.length).toBeGreaterThanOrEqual(2);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    const history: ConversationTurn[] = [
      { role: 'user', text: question },
      { role: 'assistant', text: result.answer },
    ];
    const sources = new Set(result.citations.map((c) => c.source));
    for (const suggestion of suggestions) {
      expect(suggestion).toContain(subject);
      expect(suggestion).not.toBe(question);
      const followUp = await assistant.ask({ question: suggestion, history });
      expect(followUp.answered, suggestion).toBe(true);
      expect(followUp.citations.some((c) => sources.has(c.source)), suggestion).toBe(true);
    }
  });

  it('does not ask again for the kind of fact just answered', async () => {
    const { suggestions } = await suggestionsFor('Wer ist Ansprechpartner für KommunalCampus?');
    expect(suggestions.some((s) => /Ansprechpartner/.test(s))).toBe(false);
    const { suggestions: afterDate } = await suggestionsFor('Wann ist die erste #digitaljourney gestartet?');
    expect(afterDate.some((s) => /^Wann/.test(s))).toBe(false);
  });

  it('follows the language of the question', async () => {
    const { suggestions } = await suggestionsFor('When did the first #digitaljourney start?');
    expect(suggestions.length).toBeGreaterThan(0);
    // English templates, with the subject anywhere ("Where does #digitaljourney take place?").
    for (const suggestion of suggestions) expect(suggestion).toMatch(/^(Who|Where|How|What|When) .*#digitaljourney.*\?$/);
  });

  it('suggests nothing after a question the documents do not answer', async () => {
    const question = 'Wer ist der Bürgermeister von Hamburg?';
    const result = await assistant.ask({ question });
    expect(result.answered).toBe(false);
    expect(await suggestFollowUps({ question, result }, assistant)).toEqual([]);
  });

  it('keeps only the candidates the assistant answers, in order, and gives up on slow or failing checks', async () => {
    const question = 'Wann ist die erste #digitaljourney gestartet?';
    const result = await assistant.ask({ question });
    const candidates = await followUpCandidates({ question, result }, assistant);
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = candidates as [string, string, string];
    const seen: AnswerRequest[] = [];
    const picky = {
      chunksOfSource: (source: string) => assistant.chunksOfSource(source),
      async ask(request: AnswerRequest): Promise<AnswerResult> {
        seen.push(request);
        if (request.question === first) throw new Error('engine failed');
        if (request.question === third) return new Promise((resolve) => setTimeout(() => resolve(assistant.ask(request)), 500));
        return assistant.ask(request);
      },
    };
    const suggestions = await suggestFollowUps({ question, result }, picky, { timeoutMs: 200 });
    expect(suggestions[0]).toBe(second);
    expect(suggestions).not.toContain(first);
    expect(suggestions).not.toContain(third);
    // Each candidate is asked as the person would ask it next: after this exchange.
    expect(seen[0]?.history?.slice(-2)).toEqual([
      { role: 'user', text: question },
      { role: 'assistant', text: result.answer },
    ]);
  });
});
