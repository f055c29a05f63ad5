// Runs main() in-process with its output captured.
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** main() with stderr on a terminal: stdout and stderr in the order they were written. */
export async function onTerminal(...argv: string[]): Promise<{ code: number; log: Array<['out' | 'err', string]> }> {
  const log: Array<['out' | 'err', string]> = [];
  const code = await main(argv, { stdout: (text) => log.push(['out', text]), stderr: (text) => log.push(['err', text]), stderrIsTerminal: true });
  return { code, log };
}
