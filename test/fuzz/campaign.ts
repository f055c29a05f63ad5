// The long fuzz campaign (`npm run fuzz -- --minutes 10`): generated AWS estates, byte-mutated
// real snapshots (and mutations of what earlier cases kept in the corpus) and mutated ss/netstat
// captures, each judged by the oracle, until the time is up. Prints its figures at the end.
//
//   node --import tsx test/fuzz/campaign.ts [--minutes 10] [--seed N] [--corpus .fuzz]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { snapshotCase } from './aws-arbitraries.js';
import { byteCase, loadSeedSnapshots, materializeByteCase, PROJECT_ROOT } from './byte-mutations.js';
import { captureCase, loadCaptures, materializeCapture, runCaptureCase } from './capture-case.js';
import { CliRunner } from './cli-runner.js';
import { Corpus, storedSnapshotCase, type StoredCase } from './corpus.js';
import { runSnapshotCase, type SnapshotCase } from './snapshot-case.js';

export interface CampaignOptions {
  readonly durationMs: number;
  readonly seed: number;
  /** Where the corpus and failures go; null keeps nothing. */
  readonly corpusDir: string | null;
  readonly log: (line: string) => void;
}

export interface CampaignFigures {
  readonly seconds: number;
  readonly cases: { readonly generated: number; readonly bytes: number; readonly imports: number };
  /** main() runs: four per snapshot case, two per import case. */
  readonly executions: number;
  readonly features: number;
  readonly corpusAdded: number;
  readonly corpusTotal: number;
  readonly failures: number;
  readonly distinctFailures: number;
  readonly failureFiles: readonly string[];
  readonly workersStarted: number;
}

type Generator = 'generated' | 'bytes' | 'imports';
const ROTATION: readonly Generator[] = ['generated', 'bytes', 'generated', 'bytes', 'imports'];

function one<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0];
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignFigures> {
  const runner = new CliRunner();
  const corpus = new Corpus(options.corpusDir);
  const previous = corpus.previous();
  for (const entry of previous) corpus.remember(entry);
  const seeds = loadSeedSnapshots();
  const seedBytes = seeds.flatMap((s) => s.files.map((f) => f.content));
  const { captures, tasklist } = loadCaptures();
  const cases = { generated: 0, bytes: 0, imports: 0 };
  const failureFiles: string[] = [];
  let executions = 0;
  const started = Date.now();
  let lastReport = started;

  try {
    for (let i = 0; Date.now() - started < options.durationMs; i++) {
      const generator = ROTATION[i % ROTATION.length];
      const seed = (options.seed + i) | 0;
      let snapshot: SnapshotCase | null = null;
      let stored: StoredCase;
      let verdict: { problems: string[]; features: string[] };
      if (generator === 'imports') {
        const c = one(captureCase, seed);
        const m = materializeCapture(c, captures, tasklist);
        stored = { kind: 'import', from: m.capture.from, capture: m.text, tasklist: m.tasklist };
        verdict = await runCaptureCase(runner, c, captures, tasklist);
        executions += 2;
      } else {
        // Byte mutation starts from the real snapshots and from what the corpus kept.
        const pool = [...seeds.map((s) => ({ files: s.files, agentFiles: null })), ...corpus.snapshots];
        snapshot = generator === 'generated' ? one(snapshotCase, seed) : materializeByteCase(one(byteCase, seed), pool, seedBytes);
        stored = storedSnapshotCase(snapshot);
        verdict = await runSnapshotCase(runner, snapshot);
        executions += 4;
      }
      cases[generator]++;
      const entry = { case: stored, origin: `${generator} seed ${seed}`, features: verdict.features, problems: verdict.problems };
      if (verdict.problems.length > 0) {
        const file = corpus.fail(entry);
        if (file !== null) {
          failureFiles.push(file);
          options.log(`FAILURE (${generator}, seed ${seed}) → failures/${file}\n  ${verdict.problems.slice(0, 3).join('\n  ')}`);
        }
      } else {
        corpus.offer(entry, generator === 'imports' ? null : snapshot);
      }
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        options.log(`${Math.round((lastReport - started) / 1000)} s: ${executions} executions, ${corpus.features.size} features, corpus +${corpus.added}, ${corpus.failures} failures`);
      }
    }
  } finally {
    await runner.close();
  }
  return {
    seconds: Math.round((Date.now() - started) / 1000),
    cases,
    executions,
    features: corpus.features.size,
    corpusAdded: corpus.added,
    corpusTotal: previous.length + corpus.added,
    failures: corpus.failures,
    distinctFailures: corpus.distinctFailures,
    failureFiles,
    workersStarted: runner.workersStarted,
  };
}

export function describeFigures(f: CampaignFigures): string {
  return [
    `fuzz campaign: ${f.seconds} s`,
    `  cases: ${f.cases.generated} generated estates, ${f.cases.bytes} byte-mutated snapshots, ${f.cases.imports} mutated captures`,
    `  executions (main() runs): ${f.executions}`,
    `  distinct outcomes (features): ${f.features}`,
    `  corpus: ${f.corpusAdded} added, ${f.corpusTotal} in all`,
    `  failures: ${f.failures} (${f.distinctFailures} distinct)${f.failureFiles.length > 0 ? `: ${f.failureFiles.join(', ')}` : ''}`,
    `  worker threads started: ${f.workersStarted} (more than 1: a run hung or died)`,
  ].join('\n');
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      seed: { type: 'string' },
      corpus: { type: 'string', default: path.join(PROJECT_ROOT, '.fuzz') },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes: expected a positive number, got ${values.minutes}`);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  console.log(`fuzzing for ${minutes} min, seed ${seed}, corpus ${values.corpus}`);
  const figures = await runCampaign({ durationMs: minutes * 60_000, seed, corpusDir: values.corpus, log: (line) => console.log(line) });
  console.log(describeFigures(figures));
  process.exitCode = figures.failures > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await cli();
