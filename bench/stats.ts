/** Small statistics helpers for the benchmarks. */

/**
 * Percentile by linear interpolation between the closest ranks (the "R-7" definition used by
 * spreadsheets and NumPy's default), so p50 of [1, 2, 3, 4] is 2.5 and p100 is the maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (rank - lower);
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    count: values.length,
    mean: round(mean),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Share of `found` among `total`, 0 when there is nothing to count. */
export function ratio(found: number, total: number): number {
  return total === 0 ? 0 : found / total;
}

/** Runs `fn` and returns its result with the elapsed wall-clock milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/**
 * CPU time this process has used, in milliseconds (all threads). On a machine shared with other work the
 * wall clock measures the queue for a core; CPU time per question measures the work.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
