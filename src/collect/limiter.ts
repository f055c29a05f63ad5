// Bounded concurrency: at most `limit` AWS requests in flight across every account and region,
// so a large estate neither floods the API (throttling) nor serialises on one slow call.
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `active` counts it still.
      const next = this.waiting.shift();
      if (next === undefined) this.active--;
      else next();
    }
  }
}
