/** A manual clock for the delivery tests: sleeps resolve only when the test advances time. */
export class FakeClock {
  now = 0;
  private readonly sleepers: { at: number; resolve: () => void }[] = [];
  readonly requested: number[] = [];

  sleep = (ms: number): Promise<void> => {
    this.requested.push(ms);
    return new Promise((resolve) => this.sleepers.push({ at: this.now + ms, resolve }));
  };

  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const s of this.sleepers.filter((x) => x.at <= this.now)) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.resolve();
    }
    await flush();
  }
}

/** Lets queued promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
