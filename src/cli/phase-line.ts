// What a long `assess`, `query` or `explain` is doing, on one line of a terminal's stderr: reading
// a 100,000-instance estate takes a quarter of a minute or more, and silence reads as a hang. The
// phases run without yielding, so the line changes between phases only; it is drawn only on a
// terminal and cleared before anything else is printed.
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

/** `run` with a phase line, cleared however it ends (an error's line must start on a clean line). */
export async function withPhaseLine<T>(io: CliOutput, run: (phase: PhaseLine) => Promise<T>): Promise<T> {
  const phase = new PhaseLine(io);
  try {
    return await run(phase);
  } finally {
    phase.clear();
  }
}
