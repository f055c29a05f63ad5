// The worker's side of the fuzz runner (cli-runner.ts): runs netreach's main() in-process on each
// argv list it is sent and posts back what came out (exit code, stdout, stderr), or the exception
// if main() itself threw. It runs the built JavaScript (dist/, which `npm test` builds first) in a
// plain worker, without tsx's module hooks: on Node 20 a worker loading through those hooks was
// seen to stall for good now and then, holding the whole test run.
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url);
if (!existsSync(MAIN)) throw new Error(`${MAIN.pathname} is missing: run \`npm run build\` first (npm test does)`);
const { main } = await import(MAIN.href);

async function runOnce(argv) {
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
if (port === null) throw new Error('cli-worker.mjs runs as a worker thread');
port.on('message', (request) => {
  void (async () => {
    const results = [];
    for (const argv of request.argvs) results.push(await runOnce(argv));
    port.postMessage({ id: request.id, results });
  })();
});
port.postMessage({ id: -1, results: [] });
