import { randomUUID } from 'node:crypto';
import type { Lease, LeaseStore } from './leases.ts';

/** Leases of one process (STATE_STORE=memory). */
export class MemoryLeases implements LeaseStore {
  private readonly held = new Map<string, { token: string; holder: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async tryAcquire(name: string, ttlMs: number, holder = randomUUID()): Promise<Lease | undefined> {
    if (this.live(name)) return undefined;
    const token = randomUUID();
    this.held.set(name, { token, holder, expiresAt: this.now() + ttlMs });
    return {
      name,
      holder,
      renew: async () => {
        const entry = this.live(name);
        if (entry?.token !== token) return false;
        entry.expiresAt = this.now() + ttlMs;
        return true;
      },
      release: async () => {
        if (this.held.get(name)?.token === token) this.held.delete(name);
      },
    };
  }

  async holderOf(name: string): Promise<string | undefined> {
    return this.live(name)?.holder;
  }

  private live(name: string) {
    const entry = this.held.get(name);
    if (entry && entry.expiresAt <= this.now()) {
      this.held.delete(name);
      return undefined;
    }
    return entry;
  }
}
