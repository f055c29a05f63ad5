// The progress line on a terminal: calls done and records so far, redrawn in place at most ten
// times a second. Off the terminal (a pipe, CI) or with --quiet it draws nothing.
export interface Progress {
  callStarted(): void;
  callFinished(items: number, failed: boolean): void;
  /** Clears the line before anything else is written. */
  stop(): void;
}

export const NO_PROGRESS: Progress = { callStarted: () => {}, callFinished: () => {}, stop: () => {} };

export class TerminalProgress implements Progress {
  private started = 0;
  private finished = 0;
  private failed = 0;
  private items = 0;
  private lastDrawn = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly scope: string,
    private readonly now: () => number = Date.now,
  ) {}

  callStarted(): void {
    this.started++;
    this.draw(false);
  }

  callFinished(items: number, failed: boolean): void {
    this.finished++;
    this.items += items;
    if (failed) this.failed++;
    this.draw(this.finished === this.started);
  }

  stop(): void {
    if (this.drawn) this.write('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    this.drawn = true;
    const failed = this.failed === 0 ? '' : `, ${this.failed} failed`;
    this.write(`\r\u001b[2Kcollecting ${this.scope}: ${this.finished}/${this.started} calls, ${this.items} records${failed}`);
  }
}
