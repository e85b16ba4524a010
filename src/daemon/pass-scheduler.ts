/**
 * When a project's passes run: a trigger asks for a pass soon, passes never overlap (a busy
 * latch; a trigger during a pass makes the pass run once more), bursts of triggers coalesce into
 * one, and after each pass the step's own "look again in N ms" arms the resync timer. Kept apart
 * from the reconcile step so the timing rules can be tested with fake timers and no runtime.
 */

/** What one reconcile step reports: when to look again (undefined: only on the next trigger). */
export interface StepResult {
  requeueAfterMs?: number;
}

export interface PassSchedulerOptions {
  /** One reconcile step. Never called while another is running. */
  step: () => Promise<StepResult>;
  /** Told about every accepted trigger (for debug logging). */
  requested?: (reason: string) => void;
}

/** A requeue sooner than this would spin: the step is asked again no faster. */
const MIN_REQUEUE_MS = 10;

export class PassScheduler {
  private stopped = false;
  private again = false;
  private running: Promise<void> | undefined;
  private wake: NodeJS.Timeout | undefined;
  private resync: NodeJS.Timeout | undefined;

  constructor(private readonly options: PassSchedulerOptions) {}

  /** Ask for a pass in `delayMs`; a later trigger before then replaces this one. */
  trigger(reason: string, delayMs = 10): void {
    if (this.stopped) return;
    this.options.requested?.(reason);
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => this.pass(), delayMs);
  }

  /** No pass starts after this; resolves once a running pass has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake);
    if (this.resync) clearTimeout(this.resync);
    // Stopping never throws: a failed step is not the stopping caller's error.
    await this.running?.catch(() => {});
  }

  private pass(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    let next: StepResult = {};
    do {
      this.again = false;
      next = await this.options.step();
    } while (this.again && !this.stopped);
    if (!this.stopped && next.requeueAfterMs !== undefined) {
      if (this.resync) clearTimeout(this.resync);
      this.resync = setTimeout(
        () => this.trigger("resync", 0),
        Math.max(MIN_REQUEUE_MS, next.requeueAfterMs),
      );
    }
  }
}
