import cliProgress from 'cli-progress';
import type { IngestProgress, IngestReport } from '../core/index/ingestReport.ts';

/** Shows ingestion progress to a person or a program. */
export interface ProgressSink {
  progress(event: IngestProgress): void;
  /** Ends the current display (before printing the report or an error). */
  stop(): void;
}

const PHASE_NAMES: Record<IngestProgress['phase'], string> = {
  scan: 'Scanning',
  load: 'Reading',
  embed: 'Embedding',
  write: 'Writing',
};

/** A progress bar on stderr, one per phase. */
export class BarProgress implements ProgressSink {
  private bar: cliProgress.SingleBar | undefined;
  private phase: IngestProgress['phase'] | undefined;

  progress(event: IngestProgress): void {
    if (event.phase !== this.phase) {
      this.stop();
      this.phase = event.phase;
      this.bar = new cliProgress.SingleBar(
        { format: `${PHASE_NAMES[event.phase].padEnd(9)} [{bar}] {value}/{total} {file}`, hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(event.total, event.done, { file: event.file ?? '' });
      return;
    }
    this.bar?.setTotal(event.total);
    this.bar?.update(event.done, { file: event.file ?? '' });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.phase = undefined;
  }
}

/** Plain lines on stderr for logs and pipes: each file while reading, embedding in tenths. */
export class LineProgress implements ProgressSink {
  private lastTenth = -1;

  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  progress(event: IngestProgress): void {
    if (event.phase === 'load') {
      if (event.file) this.write(`Reading ${event.done + 1}/${event.total}: ${event.file}`);
      return;
    }
    if (event.phase === 'embed') {
      const tenth = event.total === 0 ? 10 : Math.floor((event.done / event.total) * 10);
      if (tenth !== this.lastTenth) this.write(`Embedding ${event.done}/${event.total} chunks`);
      this.lastTenth = tenth;
      return;
    }
    if (event.phase === 'scan') this.write(`Found ${event.total} files`);
    else if (event.done === 0) this.write('Writing the index');
  }

  stop(): void {}
}

/** One JSON object per line on stdout, for the admin API which runs the CLI as a child process. */
export class JsonLinesProgress implements ProgressSink {
  progress(event: IngestProgress): void {
    process.stdout.write(`${JSON.stringify({ type: 'progress', ...event })}\n`);
  }

  stop(): void {}
}

export class SilentProgress implements ProgressSink {
  progress(): void {}
  stop(): void {}
}

function list(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [`${title} (${items.length}):`, ...items.map((item) => `  - ${item}`)];
}

/** The report as a person reads it. */
export function formatReport(report: IngestReport): string {
  const lines: string[] = [];
  lines.push(
    report.written
      ? `Index version ${report.versionId ?? '(unknown)'} is live.`
      : 'Nothing usable was written; the index was not changed.',
  );
  lines.push(`Documents folder: ${report.docsDir}`);
  lines.push(...list('Added', report.added));
  lines.push(...list('Updated', report.updated));
  if (report.unchanged.length > 0) lines.push(`Unchanged: ${report.unchanged.length}`);
  lines.push(...list('Removed', report.removed));
  lines.push(...list('Failed', report.failed.map((f) => `${f.source}: ${f.reason}`)));
  lines.push(
    `Chunks: ${report.chunkCount} in the index, ${report.chunksEmbedded} embedded in this run; ${report.pagesOrSections} pages, slides or sections.`,
  );
  lines.push(`Time: ${(report.durationMs / 1000).toFixed(1)} s`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}
