// The worker's side of the fuzz runner: runs main() in-process on each argv it is sent and posts
// back what came out (exit code, stdout, stderr), or the exception if main() itself threw.
import { parentPort } from 'node:worker_threads';
import { main } from '../../src/cli/main.js';
import type { RunRequest, RunResult } from './cli-runner.js';

async function runOnce(argv: readonly string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  try {
    const code = await main([...argv], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { kind: 'exited', code, stdout, stderr };
  } catch (error) {
    return { kind: 'threw', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const port = parentPort;
if (port === null) throw new Error('cli-worker-main.ts runs as a worker thread');
port.on('message', (request: RunRequest) => {
  void (async () => {
    const results: RunResult[] = [];
    for (const argv of request.argvs) results.push(await runOnce(argv));
    port.postMessage({ id: request.id, results });
  })();
});
port.postMessage({ id: -1, results: [] });
