/** "The same transition of the same service at most once per window", with the clock passed in. */
export class Deduper {
  private readonly sentAt = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True (and remembered) when `key` was not admitted within the window before `now`. */
  admit(key: string, now: number): boolean {
    const last = this.sentAt.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.sentAt.set(key, now);
    // Forget keys whose window is over, so the map stays as small as the recent transitions.
    for (const [k, at] of this.sentAt) if (now - at >= this.windowMs && k !== key) this.sentAt.delete(k);
    return true;
  }
}
