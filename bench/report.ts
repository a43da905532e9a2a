import type { HttpRunResult } from './httpBench.ts';
import type { BenchResults } from './run.ts';

/** Target checks and the plain-text report printed at the end of `npm run bench`. */

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

function sizeLabel(chunks: number): string {
  return chunks >= 1000 ? `${Math.round(chunks / 1000)}k` : String(chunks);
}

export function evaluateTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const bySize = new Map((results.query ?? []).map((r) => [r.chunks, r]));
  const tenK = bySize.get(10_000);
  const hundredK = bySize.get(100_000);
  if (tenK) targets.push({ name: 'ask p95 @10k', target: '< 50 ms', measured: `${tenK.ask.p95} ms`, met: tenK.ask.p95 < 50 });
  if (hundredK) {
    targets.push({ name: 'ask p95 @100k', target: '≤ 50 ms', measured: `${hundredK.ask.p95} ms`, met: hundredK.ask.p95 <= 50 });
    targets.push({
      name: `RSS @100k (${hundredK.memory.method})`,
      target: '≤ 500 MB',
      measured: `${hundredK.memory.rssMb} MB`,
      met: hundredK.memory.rssMb <= 500,
    });
  }
  for (const run of results.http?.runs ?? []) {
    targets.push({ name: `HTTP ${run.endpoint}`, target: '≥ 200 q/s', measured: `${run.requestsPerSecond} q/s`, met: run.requestsPerSecond >= 200 });
    const failures = run.errors + run.non2xx + run.timeouts + run.withoutAnswer;
    targets.push({ name: `HTTP ${run.endpoint} errors`, target: '0', measured: String(failures), met: failures === 0 });
  }
  const replicas = results.replicas;
  if (replicas && !replicas.skipped) {
    if (replicas.speedup !== undefined) {
      targets.push({ name: 'HTTP 2 replicas vs 1 (shared Redis)', target: '≥ 1.6×', measured: `${replicas.speedup}×`, met: replicas.speedup >= 1.6 });
    }
    const failures = replicas.runs.reduce((sum, r) => sum + r.errors + r.non2xx + r.timeouts + r.withoutAnswer, 0);
    targets.push({ name: 'HTTP replicas errors', target: '0', measured: String(failures), met: failures === 0 });
  }
  const generated = results.ingest?.generated;
  if (generated) {
    targets.push({
      name: 'incremental re-ingest / full',
      target: '< 5 %',
      measured: `${(generated.incrementalRatio * 100).toFixed(1)} %`,
      met: generated.incrementalRatio < 0.05,
    });
  }
  for (const q of results.quality ?? []) {
    const { hybrid, keyword } = q.recallAt5;
    const strictly = q.name === 'realworld';
    targets.push({
      name: `${q.name} recall@5: hybrid vs keyword only`,
      target: strictly ? 'hybrid > keyword' : 'hybrid ≥ keyword',
      measured: `${hybrid.recallAt5} vs ${keyword.recallAt5}`,
      met: strictly ? hybrid.recallAt5 > keyword.recallAt5 : hybrid.recallAt5 >= keyword.recallAt5,
    });
  }
  for (const r of results.query ?? []) {
    targets.push({
      name: `planted facts recall@5 @${sizeLabel(r.chunks)}: hybrid vs keyword only`,
      target: 'hybrid ≥ keyword',
      measured: `${r.recallAt5.hybrid} vs ${r.recallAt5.keyword}`,
      met: r.recallAt5.hybrid >= r.recallAt5.keyword,
    });
    // Ours as timed beside the peers (same warm-up and questions); older results have only retrieveMs.
    const ownP95 = r.peers?.own?.p95Ms ?? r.retrieveMs.hybrid.p95;
    for (const peer of r.peers?.results ?? []) {
      targets.push({
        name: `@${sizeLabel(r.chunks)}: ahead of ${peer.store}`,
        target: 'recall@5 higher, p95 not higher',
        measured: `${r.recallAt5.hybrid} vs ${peer.recallAt5}; ${ownP95} vs ${peer.p95Ms} ms`,
        met: r.recallAt5.hybrid > peer.recallAt5 && ownP95 <= peer.p95Ms,
      });
    }
  }
  for (const probe of results.lexicon?.probes ?? []) {
    if (probe.resource === 'builtin' || !probe.available) continue;
    targets.push({ name: `${probe.resource}: first use`, target: '< 1500 ms', measured: `${probe.firstUseMs} ms`, met: probe.firstUseMs < 1500 });
    targets.push({ name: `${probe.resource}: extra RSS`, target: '< 30 MB', measured: `${probe.extraRssMb} MB`, met: probe.extraRssMb < 30 });
    targets.push({ name: `${probe.resource}: lookup p95`, target: '< 1 ms', measured: `${probe.lookupUs.firstP95} µs`, met: probe.lookupUs.firstP95 < 1000 });
  }
  return targets;
}

const MODE_LABELS = {
  hybrid: 'hybrid (BM25 words + BM25 character 4-grams, RRF)',
  ngram: 'character 4-grams only (BM25)',
  keyword: 'keyword only (BM25, stemming, compound parts)',
  plain: 'plain word matching (baseline)',
} as const;

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** Latency percentiles and failures of one HTTP run: the columns p50, p95, p99, errors, non-2xx, no answer. */
function outcomeCells(r: HttpRunResult): Array<string | number> {
  return [`${r.latencyP50Ms} ms`, `${r.latencyP95Ms} ms`, `${r.latencyP99Ms} ms`, r.errors + r.timeouts, r.non2xx, r.withoutAnswer];
}

/** Markdown tables, so the output can be pasted into documentation as is. */
export function printReport(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    `\nWegweiser benchmarks${results.quick ? ' (quick)' : ''} — ${results.startedAt}, ${results.durationSeconds ?? '?'} s`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node}, ${m.platform}, load average at start ${m.loadAverage.join(' ')}`,
    `Code: ${results.code.commit}${results.code.uncommittedChanges ? ' with uncommitted changes' : ''}`,
    `Settings: ${results.settings.embeddings}, ${results.settings.engine} engine, top-k ${results.settings.topK}`,
  ];
  const ingest = results.ingest;
  if (ingest) {
    out.push('\nIngestion (full run into an empty index, median)');
    const rows: Array<Array<string | number>> = [];
    if (ingest.pdf) rows.push(['sample PDF', ingest.pdf.files, ingest.pdf.pages, `${ingest.pdf.medianMs} ms`, ingest.pdf.pagesPerSecond, '']);
    if (ingest.pptx) rows.push(['sample PPTX', ingest.pptx.files, ingest.pptx.pages, `${ingest.pptx.medianMs} ms`, ingest.pptx.pagesPerSecond, '']);
    rows.push(['sample corpus (data/docs)', ingest.sampleCorpus.files, ingest.sampleCorpus.pages, `${ingest.sampleCorpus.medianMs} ms`, ingest.sampleCorpus.pagesPerSecond, '']);
    const g = ingest.generated;
    rows.push([
      `generated (${g.pdfDocuments} PDF, rest MD/HTML/TXT)`,
      g.documents,
      g.pages,
      `${g.fullMs} ms`,
      g.pagesPerSecond,
      `${g.documentsPerSecond} docs/s; unchanged re-run ${g.incrementalMs} ms = ${(g.incrementalRatio * 100).toFixed(1)} %`,
    ]);
    out.push(table(['corpus', 'files', 'pages/sections', 'time', 'pages/s', 'notes'], rows));
  }
  if (results.query?.length) {
    out.push('\nQuery (extractive answers through Assistant.ask; planted-fact questions)');
    out.push(
      table(
        ['chunks', 'build', 'index on disk', 'load', 'ask p50', 'ask p95', 'ask p99', 'ask CPU p50/p95', 'retrieve p50/p95 hybrid', 'answer hit', 'recall@5 hybrid / n-gram / keyword / plain', 'bot RSS'],
        results.query.map((r) => [
          sizeLabel(r.chunks),
          `${Math.round((r.buildMs.chunk + r.buildMs.write) / 1000)} s`,
          `${r.indexMb} MB`,
          `${r.indexLoadMs} ms`,
          `${r.ask.p50} ms`,
          `${r.ask.p95} ms`,
          `${r.ask.p99} ms`,
          r.askCpu ? `${r.askCpu.p50} / ${r.askCpu.p95} ms` : '',
          `${r.retrieveMs.hybrid.p50} / ${r.retrieveMs.hybrid.p95} ms`,
          r.answerHitRate,
          `${r.recallAt5.hybrid} / ${r.recallAt5.ngram} / ${r.recallAt5.keyword} / ${r.recallAt5.plain}`,
          r.memory.readyRssMb === undefined ? `${r.memory.rssMb} MB (${r.memory.method})` : `${r.memory.readyRssMb} → ${r.memory.rssMb} MB after ${r.memory.answered} answers`,
        ]),
      ),
    );
  }
  for (const r of results.query ?? []) {
    out.push(`recall@5 by fact kind @${sizeLabel(r.chunks)} (hybrid/n-gram/keyword): ${Object.entries(r.recallAt5ByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const comparisons = [
    ...(results.query ?? []).map((r) => ({
      label: `${sizeLabel(r.chunks)} planted facts`,
      own: { recall: r.recallAt5.hybrid, ...r.retrieveMs.hybrid, ...(r.retrieveCpuMs ? { cpuP50: r.retrieveCpuMs.hybrid.p50, cpuP95: r.retrieveCpuMs.hybrid.p95 } : {}) },
      peers: r.peers,
    })),
    ...(results.quality ?? []).map((q) => ({ label: `${q.name} set`, own: { recall: q.recallAt5.hybrid.recallAt5, ...q.hybridMs }, peers: q.peers })),
  ];
  const ms = (value: number | undefined) => (value === undefined ? '' : `${value} ms`);
  if (comparisons.some((c) => c.peers)) {
    out.push('\nEmbedded stores side by side (same chunks and questions; retrieval top 5; every store timed by the same code, after the same untimed warm-up questions, none of them measured)');
    const rows: Array<Array<string | number>> = [];
    for (const c of comparisons) {
      if (!c.peers) continue;
      if (c.peers.skipped) {
        rows.push([c.label, 'peers skipped', c.peers.skipped, '', '', '', '', '']);
        continue;
      }
      const timed = c.peers.own;
      const own = timed
        ? { recall: c.own.recall, p50: timed.p50Ms, p95: timed.p95Ms, cpuP50: timed.cpuP50Ms, cpuP95: timed.cpuP95Ms }
        : (c.own as { recall: number; p50?: number; p95?: number; cpuP50?: number; cpuP95?: number });
      rows.push([c.label, 'Wegweiser hybrid (words + n-grams, own BM25)', own.recall, ms(own.p50), ms(own.p95), ms(own.cpuP50), ms(own.cpuP95), '']);
      if (c.peers.ownPlusHashedVectors) rows.push([c.label, 'Wegweiser words + n-grams + hashed vectors', c.peers.ownPlusHashedVectors.recallAt5, '', '', '', '', '']);
      for (const peer of c.peers.results) {
        rows.push([c.label, peer.store, peer.recallAt5, ms(peer.p50Ms), ms(peer.p95Ms), ms(peer.cpuP50Ms), ms(peer.cpuP95Ms), `build ${Math.round(peer.buildMs / 1000)} s, RSS +${peer.rssGrowthMb} MB`]);
      }
    }
    out.push(table(['corpus', 'store', 'recall@5', 'p50', 'p95', 'CPU p50', 'CPU p95', 'notes'], rows));
  }
  if (results.http) {
    out.push('\nHTTP (autocannon, 127.0.0.1, 10k-chunk index)');
    if (results.http.skipped) out.push(`skipped: ${results.http.skipped}`);
    else
      out.push(
        table(
          ['endpoint', 'conns', 'requests', 'req/s', 'p50', 'p95', 'p99', 'errors', 'non-2xx', 'no answer', 'note'],
          results.http.runs.map((r) => [
            r.endpoint,
            r.connections,
            r.requests,
            r.requestsPerSecond,
            ...outcomeCells(r),
            r.note ?? '',
          ]),
        ),
      );
  }
  if (results.replicas) {
    out.push(`\nReplicas (bot processes; with Redis on one shared redis-server; autocannon spreads 10 connections over them; 10k-chunk index)`);
    if (results.replicas.skipped) out.push(`skipped: ${results.replicas.skipped}`);
    else {
      const one = results.replicas.runs.find((r) => r.replicas === 1 && r.store === 'redis')?.requestsPerSecond ?? 0;
      out.push(
        table(
          ['replicas', 'store', 'requests', 'questions/s', 'vs 1 replica on Redis', 'bot CPU / question', 'cores the bots got', 'p50', 'p95', 'p99', 'errors', 'non-2xx', 'no answer'],
          results.replicas.runs.map((r) => [
            r.replicas,
            r.store,
            r.requests,
            r.requestsPerSecond,
            one > 0 ? `${(r.requestsPerSecond / one).toFixed(2)}×` : '',
            `${r.botCpuMsPerQuestion} ms`,
            r.botCoresUsed,
            ...outcomeCells(r),
          ]),
        ),
      );
    }
  }
  for (const q of results.quality ?? []) {
    out.push(`\nQuality (${q.name} set, ${q.questions} questions): pass rate ${q.passed}/${q.questions} = ${(q.passRate * 100).toFixed(0)} %`);
    out.push(`per kind: ${Object.entries(q.passRateByKind).map(([k, v]) => `${k} ${v}`).join(', ')}${q.failedIds.length ? `; failed: ${q.failedIds.join(', ')}` : ''}`);
    out.push(
      table(
        ['retrieval mode', 'recall@5', 'recalled at k = 1/3/5'],
        (['hybrid', 'ngram', 'keyword', 'plain'] as const).map((mode) => [
          MODE_LABELS[mode],
          `${q.recallAt5[mode].recalled}/${q.recallAt5[mode].total} = ${q.recallAt5[mode].recallAt5}`,
          mode === 'plain' ? '' : q.recallAtK[mode],
        ]),
      ),
    );
  }
  if (results.lexicon) {
    out.push('\nLanguage resources (each in a fresh process; builtin = the hand-written English list)');
    out.push(
      table(
        ['resource', 'first use', 'CPU', 'extra RSS', 'extra heap', 'lookup p50 / p95 (new)', 'lookup p95 (again)'],
        results.lexicon.probes.map((p) => [
          p.available ? p.resource : `${p.resource} (not installed)`,
          `${p.firstUseMs} ms`,
          `${p.firstUseCpuMs} ms`,
          `${p.extraRssMb} MB`,
          `${p.extraHeapMb} MB`,
          `${p.lookupUs.firstP50} / ${p.lookupUs.firstP95} µs`,
          `${p.lookupUs.repeatP95} µs`,
        ]),
      ),
    );
  }
  if (results.targets.length) {
    out.push('\nTargets');
    out.push(table(['target', 'goal', 'measured', 'met'], results.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO'])));
  }
  for (const [part, message] of Object.entries(results.errors)) out.push(`\nERROR in ${part}: ${message}`);
  return `${out.join('\n')}\n`;
}
