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
    targets.push({ name: 'ask p95 @100k', target: '< 150 ms', measured: `${hundredK.ask.p95} ms`, met: hundredK.ask.p95 < 150 });
    targets.push({
      name: 'hnswlib vs brute force @100k',
      target: '≥ 20×',
      measured: `${hundredK.vectorSearch.speedup}×`,
      met: hundredK.vectorSearch.speedup >= 20,
    });
    targets.push({
      name: 'hnswlib recall@10 @100k',
      target: '≥ 0.95',
      measured: String(hundredK.vectorSearch.recallAt10),
      met: hundredK.vectorSearch.recallAt10 >= 0.95,
    });
    targets.push({
      name: `RSS @100k (${hundredK.memory.method})`,
      target: '< 600 MB',
      measured: `${hundredK.memory.rssMb} MB`,
      met: hundredK.memory.rssMb < 600,
    });
  }
  for (const run of results.http?.runs ?? []) {
    targets.push({ name: `HTTP ${run.endpoint}`, target: '≥ 200 q/s', measured: `${run.requestsPerSecond} q/s`, met: run.requestsPerSecond >= 200 });
    const failures = run.errors + run.non2xx + run.timeouts + run.withoutAnswer;
    targets.push({ name: `HTTP ${run.endpoint} errors`, target: '0', measured: String(failures), met: failures === 0 });
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
  const recall = results.quality?.recallAt5;
  if (recall) {
    targets.push({
      name: 'dev recall@5: local embeddings (vector only) vs plain word matching',
      target: 'vector > plain',
      measured: `${recall.vector.recallAt5} vs ${recall.plain.recallAt5}`,
      met: recall.vector.recallAt5 > recall.plain.recallAt5,
    });
    targets.push({
      name: 'dev recall@5: hybrid vs keyword only',
      target: 'hybrid ≥ keyword',
      measured: `${recall.hybrid.recallAt5} vs ${recall.keyword.recallAt5}`,
      met: recall.hybrid.recallAt5 >= recall.keyword.recallAt5,
    });
  }
  for (const r of results.query ?? []) {
    targets.push({
      name: `planted facts recall@5 @${sizeLabel(r.chunks)}: local embeddings vs plain word matching`,
      target: 'vector > plain',
      measured: `${r.recallAt5.vector} vs ${r.recallAt5.plain}`,
      met: r.recallAt5.vector > r.recallAt5.plain,
    });
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
  hybrid: 'hybrid (local embeddings + BM25, RRF)',
  vector: 'vector only (local embeddings)',
  keyword: 'keyword only (BM25, stemming, compound parts)',
  plain: 'plain word matching (baseline)',
} as const;

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

/** Markdown tables, so the output can be pasted into documentation as is. */
export function printReport(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    `\nWegweiser benchmarks${results.quick ? ' (quick)' : ''} — ${results.startedAt}, ${results.durationSeconds ?? '?'} s`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node}, ${m.platform}, load average at start ${m.loadAverage.join(' ')}`,
    `Code: ${results.code.commit}${results.code.uncommittedChanges ? ' with uncommitted changes' : ''}`,
    `Settings: ${results.settings.embeddings} (${results.settings.dimensions} dims), ${results.settings.engine} engine, top-k ${results.settings.topK}`,
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
        ['chunks', 'build', 'load', 'ask p50', 'ask p95', 'ask p99', 'retrieve p95 hybrid/vector/keyword', 'answer hit', 'recall@5 hybrid/vector/keyword/plain', 'hnsw (retriever ef)', 'brute force', 'speedup', 'recall@10', 'RSS'],
        results.query.map((r) => [
          sizeLabel(r.chunks),
          `${Math.round((r.buildMs.chunk + r.buildMs.embed + r.buildMs.hnsw + r.buildMs.write) / 1000)} s`,
          `${r.indexLoadMs} ms`,
          `${r.ask.p50} ms`,
          `${r.ask.p95} ms`,
          `${r.ask.p99} ms`,
          `${r.retrieveP95Ms.hybrid} / ${r.retrieveP95Ms.vector} / ${r.retrieveP95Ms.keyword} ms`,
          r.answerHitRate,
          `${r.recallAt5.hybrid} / ${r.recallAt5.vector} / ${r.recallAt5.keyword} / ${r.recallAt5.plain}`,
          `${r.vectorSearch.hnswMeanMs} ms`,
          `${r.vectorSearch.bruteForceMeanMs} ms`,
          `${r.vectorSearch.speedup}×`,
          r.vectorSearch.recallAt10,
          `${r.memory.rssMb} MB (${r.memory.method})`,
        ]),
      ),
    );
  }
  for (const r of results.query ?? []) {
    out.push(`recall@5 by fact kind @${sizeLabel(r.chunks)} (hybrid/vector/keyword): ${Object.entries(r.recallAt5ByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const r of results.query ?? []) {
    const points = [{ ef: r.vectorSearch.ef, hnswMeanMs: r.vectorSearch.hnswMeanMs, recallAt10: r.vectorSearch.recallAt10 }, ...r.vectorSearch.efSweep].sort((a, b) => a.ef - b.ef);
    out.push(
      `hnswlib ef @${sizeLabel(r.chunks)} (retriever uses ${r.vectorSearch.ef}): ${points.map((p) => `ef ${p.ef} → recall@10 ${p.recallAt10}, ${p.hnswMeanMs} ms`).join('; ')}`,
    );
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
            `${r.latencyP50Ms} ms`,
            `${r.latencyP95Ms} ms`,
            `${r.latencyP99Ms} ms`,
            r.errors + r.timeouts,
            r.non2xx,
            r.withoutAnswer,
            r.note ?? '',
          ]),
        ),
      );
  }
  const q = results.quality;
  if (q) {
    out.push(`\nQuality (dev set, ${q.questions} questions): pass rate ${q.passed}/${q.questions} = ${(q.passRate * 100).toFixed(0)} %`);
    out.push(`per kind: ${Object.entries(q.passRateByKind).map(([k, v]) => `${k} ${v}`).join(', ')}${q.failedIds.length ? `; failed: ${q.failedIds.join(', ')}` : ''}`);
    out.push(
      table(
        ['retrieval mode', 'recall@5'],
        (['hybrid', 'vector', 'keyword', 'plain'] as const).map((mode) => [
          MODE_LABELS[mode],
          `${q.recallAt5[mode].recalled}/${q.recallAt5[mode].total} = ${q.recallAt5[mode].recallAt5}`,
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
