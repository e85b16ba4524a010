/**
 * A container reports `stopped` while it boots, and a start by another observer can race with
 * ours (reference pitfall 5), so `stopped` within a short window after this adapter started it
 * is reported as "restarting" (transient) rather than as an exit the daemon should act on.
 */
export class RecentStarts {
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  mark(id: string): void {
    this.startedAt.set(id, this.now());
  }

  forget(id: string): void {
    this.startedAt.delete(id);
  }

  isTransient(id: string): boolean {
    const at = this.startedAt.get(id);
    if (at === undefined) return false;
    if (this.now() - at <= this.windowMs) return true;
    this.startedAt.delete(id);
    return false;
  }
}
