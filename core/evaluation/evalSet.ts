import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AnswerResult } from '../types.ts';

/** One question of an evaluation set (JSON lines), as specified in shared/eval/README.md. */
export const evalQuestionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  question: z.string(),
  answerable: z.boolean(),
  /** Every entry must appear in the answer; an entry lists accepted spellings. */
  must: z.array(z.array(z.string())),
  /** At least one citation must name one of these files. */
  sources: z.array(z.string()),
  /** Earlier questions of the same conversation, oldest first; asked before `question`, unscored. */
  history: z.array(z.object({ question: z.string() })).optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export async function readEvalSet(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      const parsed = evalQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${number}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** Matching ignores case, whitespace and the punctuation / - – . , : ; ( ) " „ “ ' (per the eval contract). */
export function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/[\s/\-–.,:;()"„“']/g, '');
}

export const MAX_ANSWER_LENGTH = 800;

export interface EvalVerdict {
  passed: boolean;
  reasons: string[];
}

export function judgeAnswer(question: EvalQuestion, answer: AnswerResult): EvalVerdict {
  const reasons: string[] = [];
  if (answer.answer.length > MAX_ANSWER_LENGTH) reasons.push(`answer has ${answer.answer.length} characters (max ${MAX_ANSWER_LENGTH})`);
  if (!question.answerable) {
    if (answer.answered) reasons.push('answered a question the documents cannot answer');
    return { passed: reasons.length === 0, reasons };
  }
  if (!answer.answered) reasons.push('did not answer');
  const normalized = normalizeForMatch(answer.answer);
  for (const alternatives of question.must) {
    if (!alternatives.some((a) => normalized.includes(normalizeForMatch(a)))) reasons.push(`missing ${JSON.stringify(alternatives[0])}`);
  }
  if (question.sources.length > 0 && !answer.citations.some((c) => question.sources.includes(c.source))) {
    reasons.push(`no citation of ${question.sources.join(' or ')}`);
  }
  return { passed: reasons.length === 0, reasons };
}
