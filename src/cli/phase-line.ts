// What a long `assess` is doing, on one line of a terminal's stderr: a 100,000-instance estate
// takes half a minute or more, and silence reads as a hang. The phases run without yielding, so
// the line changes between phases only; it is drawn only on a terminal and cleared before
// anything else is printed.
import type { CliOutput } from './output.js';

const CLEAR_LINE = '\r\u001b[2K';

export class PhaseLine {
  private drawn = false;

  constructor(private readonly io: CliOutput) {}

  show(text: string): void {
    if (this.io.stderrIsTerminal !== true) return;
    this.io.stderr(`${CLEAR_LINE}netreach: ${text}…`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.io.stderr(CLEAR_LINE);
    this.drawn = false;
  }
}
