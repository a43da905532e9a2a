import { englishToGerman, translateEnglishWords } from '../core/answering/englishWords.ts';
import { configureLanguageResources, DEFAULT_RESOURCE_FILES } from '../core/answering/languageResources.ts';
import { createLogger } from '../core/logger.ts';
import { analyze, splitWords } from '../core/text/germanText.ts';
import { verbLemmas } from '../core/text/verbLemmas.ts';

/**
 * Child process of the lexicon benchmark (`node --expose-gc --import tsx bench/lexiconProbe.ts <resource>`):
 * loads one language resource in a fresh process and prints, as one JSON line, the resident memory before
 * and after (after a full GC), the time of the first use (which builds the resource) and the latency of
 * lookups. Resource "builtin" is the baseline: the hand-written English word list.
 * With --cold the process has done nothing before, so V8 grows its young generation for the resource.
 */

export interface ProbeResult {
  resource: string;
  available: boolean;
  firstUseMs: number;
  firstUseCpuMs: number;
  extraRssMb: number;
  extraHeapMb: number;
  /** Lookups of keys not seen before (reads the dictionary lines) and of keys seen before. */
  lookupUs: { firstP50: number; firstP95: number; repeatP50: number; repeatP95: number };
  lookups: number;
}

// Words and phrases staff use in English questions about training (not taken from the eval sets).
const ENGLISH = (
  'course fee training deadline registration participants employees conference seminar certificate venue schedule ' +
  'requirements apply application contact person address phone module workshop programme program funding grant ' +
  'accommodation travel costs online teacher trainer lecture exam examination degree master bachelor semester ' +
  'administration municipality ministry authority department office leadership management digitalisation ' +
  'opening speech|closing ceremony|written exam|oral exam|tuition fee|contact person|training course|registration form|' +
  'further training|public administration|civil servant|application deadline|target group|course fee'
).split(/[ |]/);
const PHRASES = ['opening speech', 'closing ceremony', 'written exam', 'oral exam', 'tuition fee', 'training course', 'registration form', 'further training', 'public administration', 'civil servant', 'application deadline', 'target group'];
const GERMAN_VERBS = (
  'beginnt begann begonnen endet endete kostet kostete gekostet findet fand stattgefunden meldet angemeldet anmelden ' +
  'bewirbt beworben bewerben leitet geleitet trifft traf getroffen nimmt teilgenommen fördert gefördert gegründet ' +
  'dauert dauerte organisiert veranstaltet richtet gerichtet bietet angeboten erreicht erreichbar schickt geschickt ' +
  'reicht eingereicht zahlt gezahlt übernimmt übernommen unterrichtet gelehrt lernt gelernt prüft geprüft'
).split(' ');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

function timeEach(keys: readonly string[], lookup: (key: string) => unknown): number[] {
  return keys.map((key) => {
    const started = process.hrtime.bigint();
    lookup(key);
    return Number(process.hrtime.bigint() - started) / 1000;
  });
}

function probe(resource: string): ProbeResult {
  configureLanguageResources({
    dingDictionary: resource === 'ding' ? DEFAULT_RESOURCE_FILES.dingDictionary : '',
    logger: createLogger({ level: 'silent' }),
  });
  // Everything but the resource is loaded and warm before the first measurement, as in a server that has
  // answered questions: analysing text grows V8's young generation as answering does (--cold: not).
  if (!process.argv.includes('--cold')) for (let i = 0; i < 40_000; i++) analyze(`Der Lehrgang ${i} beginnt am ${i % 28}. Mai; die Gebühr beträgt ${i} Euro.`);
  splitWords('When does the course start?');
  const before = memory();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let available = true;
  let lookup: (key: string) => unknown;
  let keys: string[];
  if (resource === 'verbs') {
    const lemmas = verbLemmas();
    keys = GERMAN_VERBS.map((w) => analyze(w)[0]!);
    lookup = (stem) => lemmas.familyOf(stem);
  } else {
    translateEnglishWords(['When', 'does', 'the', 'course', 'start']);
    available = resource === 'builtin' || englishToGerman('opening speech').length > 0;
    keys = [...ENGLISH, ...PHRASES];
    lookup = (key) => englishToGerman(key);
  }
  const firstUseMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const first = timeEach(keys, lookup);
  const repeat = timeEach(keys, lookup);
  const after = memory();
  const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    resource,
    available,
    firstUseMs: round(firstUseMs),
    firstUseCpuMs: round((used.user + used.system) / 1000),
    extraRssMb: round((after.rss - before.rss) / 1024 ** 2),
    extraHeapMb: round((after.heap - before.heap) / 1024 ** 2),
    lookupUs: { firstP50: round(percentile(first, 50)), firstP95: round(percentile(first, 95)), repeatP50: round(percentile(repeat, 50)), repeatP95: round(percentile(repeat, 95)) },
    lookups: keys.length,
  };
}

process.stdout.write(`${JSON.stringify(probe(process.argv[2] ?? 'builtin'))}\n`);
