// Runs netreach's main() in a worker thread so that a run that hangs (even in a synchronous loop)
// or exhausts memory is caught: the thread is terminated and the run reported, and the next run
// gets a fresh thread.
import { Worker } from 'node:worker_threads';

export interface RunRequest {
  readonly id: number;
  readonly argvs: readonly (readonly string[])[];
}

export type RunResult =
  | { readonly kind: 'exited'; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'threw'; readonly error: string }
  | { readonly kind: 'hung'; readonly afterMs: number }
  | { readonly kind: 'died'; readonly error: string };

interface RunReply {
  readonly id: number;
  readonly results: RunResult[];
}

const WORKER_ENTRY = new URL('./cli-worker.mjs', import.meta.url);

export interface RunnerOptions {
  /** A whole batch of runs must finish within this. */
  readonly timeoutMs: number;
  /** The worker's heap: a run that needs more is reported, not the fuzzer's own crash. */
  readonly maxHeapMb: number;
  /** The worker's script (the runner's own tests swap in one that never gets ready). */
  readonly workerEntry?: URL;
}

// Generous: a real hang never ends, while a big generated estate on a busy CI machine may take
// seconds per run, and a false alarm would make npm test flaky.
export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { timeoutMs: 60_000, maxHeapMb: 1536 };

const START_ATTEMPTS = 3;

export class CliRunner {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;
  private pending: { id: number; resolve: (reply: RunResult[]) => void } | null = null;
  /** Workers started (1 + restarts after hangs and deaths). */
  workersStarted = 0;
  /**
   * Set by close(). A case fast-check stopped waiting for at its time limit may still call run()
   * after the test's `after` closed the runner; starting a worker for it then would keep the test
   * process alive for good (seen: `npm test` idle until CI's limit, a fresh worker waiting).
   */
  private closed = false;

  constructor(private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS) {}

  private start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the runner was closed'));
    if (this.ready !== null) return this.ready;
    const worker = new Worker(this.options.workerEntry ?? WORKER_ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      // Not the test process's `--import tsx`: the worker runs built JavaScript (cli-worker.mjs).
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.workersStarted++;
    this.ready = new Promise((resolve, reject) => {
      const onFirst = (reply: RunReply): void => {
        if (reply.id === -1) {
          worker.off('message', onFirst);
          worker.on('message', (r: RunReply) => this.settle(r.id, r.results));
          resolve();
        }
      };
      worker.on('message', onFirst);
      worker.once('error', (error) => {
        this.discard();
        reject(error);
        this.failPending(`worker error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
      worker.once('exit', (code) => {
        if (this.worker === worker) {
          this.discard();
          this.failPending(`worker exited with code ${code}`);
        }
      });
    });
    return this.ready;
  }

  private settle(id: number, results: RunResult[]): void {
    if (this.pending !== null && this.pending.id === id) {
      const { resolve } = this.pending;
      this.pending = null;
      resolve(results);
    }
  }

  private failPending(error: string): void {
    if (this.pending !== null) this.settle(this.pending.id, [{ kind: 'died', error }]);
  }

  private discard(): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker !== null) void worker.terminate();
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs each argv in turn; a hang or a death ends the batch with that result last. Calls wait their turn. */
  run(argvs: readonly (readonly string[])[]): Promise<RunResult[]> {
    const turn = this.queue.then(() => this.runNow(argvs));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * A fresh worker, ready for work. A start that takes too long is abandoned and tried anew (when
   * the worker still loaded through tsx's module hooks, a start on Node 20 was seen to stall for
   * good now and then, a test run sitting idle for over half an hour with its worker never ready).
   */
  private async startWithin(timeoutMs: number): Promise<boolean> {
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const started = await Promise.race([this.start().then(() => true, () => false), timedOut]);
      clearTimeout(timer);
      if (started && this.worker !== null) return true;
      this.discard();
    }
    return false;
  }

  private async runNow(argvs: readonly (readonly string[])[]): Promise<RunResult[]> {
    if (this.closed) return [{ kind: 'died', error: 'the runner was closed' }];
    const ready = await this.startWithin(this.options.timeoutMs);
    const worker = this.worker;
    if (!ready || worker === null) return [{ kind: 'died', error: `the worker did not start in ${START_ATTEMPTS} tries of ${this.options.timeoutMs} ms` }];
    const id = this.nextId++;
    const started = Date.now();
    return new Promise<RunResult[]>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        this.discard();
        resolve([{ kind: 'hung', afterMs: Date.now() - started }]);
      }, this.options.timeoutMs);
      this.pending = {
        id,
        resolve: (results) => {
          clearTimeout(timer);
          resolve(results);
        },
      };
      worker.postMessage({ id, argvs } satisfies RunRequest);
    });
  }

  /** Ends the worker; a run still going (one fast-check stopped waiting for) ends as 'died'. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.failPending('the runner was closed');
    if (worker !== null) await worker.terminate();
  }
}
