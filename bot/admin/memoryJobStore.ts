import { KEPT_JOBS, type ReindexJob, type ReindexJobStore } from './reindexJobs.ts';

/** Re-index jobs of this process (STATE_STORE=memory): the last KEPT_JOBS since start. */
export class MemoryJobStore implements ReindexJobStore {
  private readonly jobs = new Map<string, ReindexJob>();

  async save(job: ReindexJob): Promise<void> {
    // Stored as a copy, like a shared store would, so later changes need another save.
    this.jobs.delete(job.id);
    this.jobs.set(job.id, structuredClone(job));
    while (this.jobs.size > KEPT_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest === undefined) break;
      this.jobs.delete(oldest);
    }
  }

  async get(id: string): Promise<ReindexJob | undefined> {
    const job = this.jobs.get(id);
    return job ? structuredClone(job) : undefined;
  }

  async recent(): Promise<ReindexJob[]> {
    return [...this.jobs.values()].reverse().map((job) => structuredClone(job));
  }
}
