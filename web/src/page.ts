/** The lifetime of one rendered page: timers and listeners stop when the user navigates away. */
export class Page {
  private cleanups: (() => void)[] = [];
  alive = true;

  /** Runs `fn` now and then every `ms` after the previous run finished (never overlapping). */
  every(ms: number, fn: () => Promise<void> | void, runNow = true): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!this.alive) return;
      try {
        await fn();
      } catch (err) {
        console.warn(err);
      }
      if (this.alive) timer = setTimeout(tick, ms);
    };
    if (runNow) void tick();
    else timer = setTimeout(tick, ms);
    this.onCleanup(() => clearTimeout(timer));
  }

  onCleanup(fn: () => void): void {
    this.cleanups.push(fn);
  }

  dispose(): void {
    this.alive = false;
    for (const fn of this.cleanups.splice(0)) fn();
  }
}
