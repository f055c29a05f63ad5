/** Where the CLI writes; main() uses the process's streams unless a caller (a test) passes its own. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress lines are drawn only on a terminal. */
  readonly stderrIsTerminal?: boolean;
}

export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTerminal: process.stderr.isTTY === true,
};
