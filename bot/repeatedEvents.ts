/**
 * Log lines for events that can repeat thousands of times a minute (refused sign-ins, rate limits):
 * the first event of a key in a window is logged in full, the rest are counted and reported in one
 * summary line when the window ends.
 */
export class RepeatedEvents {
  private readonly counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly onSummary: (key: string, suppressed: number) => void,
    windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {
    this.timer = setInterval(() => this.flush(), windowMs).unref();
  }

  /** Records one event; true when it is the first of its key in this window and should be logged. */
  first(key: string): boolean {
    const seen = this.counts.get(key);
    if (seen === undefined) {
      // Past the cap, further keys share one counter, so a flood of new keys cannot grow the map.
      if (this.counts.size >= this.maxKeys) return this.first('*');
      this.counts.set(key, 0);
      return true;
    }
    this.counts.set(key, seen + 1);
    return false;
  }

  /** Reports the counted repeats and starts a new window. */
  flush(): void {
    const counts = [...this.counts];
    this.counts.clear();
    for (const [key, suppressed] of counts) if (suppressed > 0) this.onSummary(key, suppressed);
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
