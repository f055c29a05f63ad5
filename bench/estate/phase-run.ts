// One benchmark run, in its own process (so maxRSS is this estate's alone): the real pipeline
// phase by phase, then the floor, a bare JSON.parse of every input file, in the same process on
// the same files. A file above V8's string limit cannot be one string, so its floor is the
// loader's own streaming cut (json-stream.ts: runs of records to JSON.parse) without the checks; every
// other file is one JSON.parse of the whole file. Then the output floor: the report the pipeline
// wrote, read back as plain data and written again by bare JSON.stringify through the same
// chunked writer (the same bytes), what any program writing this report pays.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { LoadedSnapshot } from '../../src/snapshot/index.js';

// The code users run: the build in dist/ (`npm run bench` builds first), as bin/netreach.js runs
// it, not the TypeScript sources through tsx, which wraps every function in a naming helper.
// NETREACH_BENCH_SOURCES=1 times the sources instead.
const CODE = process.env.NETREACH_BENCH_SOURCES === '1' ? 'src' : 'dist';

async function load<Module>(path: string): Promise<Module> {
  return (await import(new URL(`../../${CODE}/${path}`, import.meta.url).href)) as Module;
}

const { buildSnapshot, DEFAULT_LIMITS, readSnapshot } = await load<typeof import('../../src/snapshot/index.js')>('snapshot/index.js');
const { findJsonFiles } = await load<typeof import('../../src/snapshot/snapshot-files.js')>('snapshot/snapshot-files.js');
const { streamTopLevel } = await load<typeof import('../../src/snapshot/json-stream.js')>('snapshot/json-stream.js');
const { assessNetwork, DEFAULT_EPHEMERAL_PORTS } = await load<typeof import('../../src/engine/index.js')>('engine/index.js');
const { buildFindings } = await load<typeof import('../../src/findings/index.js')>('findings/index.js');
const { buildAssessment } = await load<typeof import('../../src/report/assessment.js')>('report/assessment.js');
const { jsonReportChunks } = await load<typeof import('../../src/report/json.js')>('report/json.js');
const { prettyJsonStream, StreamedList } = await load<typeof import('../../src/report/pretty-json.js')>('report/pretty-json.js');
const { writeFileInChunks } = await load<typeof import('../../src/report/write-chunks.js')>('report/write-chunks.js');

export interface PhaseRun {
  readonly phases: {
    readonly readParse: number;
    readonly buildModel: number;
    readonly engine: number;
    readonly findings: number;
    readonly writeJson: number;
  };
  readonly total: number;
  /** Garbage-collection pauses of the main thread (--trace-gc's figures) within each phase, ms. */
  readonly gc: PhaseRun['phases'];
  /** Peak resident set of the pipeline (before the floor ran), bytes. */
  readonly peakRss: number;
  readonly floor: number;
  /**
   * The output floor: the report, as plain data read back from the file written, put in JSON by
   * JSON.stringify and written in chunks (the same bytes), ms. Floor plus output floor is what a
   * program that only parsed this input and wrote this report would take.
   */
  readonly outputFloor: number;
  readonly streamedFiles: number;
  readonly inputBytes: number;
  readonly files: number;
  readonly instances: number;
  readonly reachabilities: number;
  readonly findings: number;
  readonly reportBytes: number;
}

/** Characters in the longest V8 string (Node 20); AWS JSON is ASCII, a byte a character. */
const V8_STRING_LIMIT = 2 ** 29 - 24;

const OPTIONS = { ephemeralPorts: DEFAULT_EPHEMERAL_PORTS, onpremCidrs: null } as const;

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

/** Every GC pause from now on, with when it started, on performance.now()'s clock. */
function watchGc(): { pauses: () => Promise<readonly { start: number; duration: number }[]>; stop: () => void } {
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    // Entries arrive on a later turn of the event loop: the phases themselves never yield.
    pauses: () => new Promise((resolve) => setTimeout(() => resolve(pauses), 50)),
    stop: () => observer.disconnect(),
  };
}

async function floorOf(dir: string): Promise<{ milliseconds: number; streamed: number; bytes: number; files: number }> {
  const { files } = findJsonFiles(dir);
  let streamed = 0;
  let bytes = 0;
  const start = performance.now();
  for (const file of files) {
    const size = statSync(file.absolutePath).size;
    bytes += size;
    if (size >= V8_STRING_LIMIT) {
      streamed++;
      streamTopLevel(file.absolutePath, file.relativePath, DEFAULT_LIMITS, { list() {}, item() {}, member() {} });
    } else {
      JSON.parse(readFileSync(file.absolutePath, 'utf8'));
    }
  }
  return { milliseconds: performance.now() - start, streamed, bytes, files: files.length };
}

/** Writing `reportPath`'s document again from plain data, timed; the copy is removed. */
async function outputFloorOf(reportPath: string): Promise<number> {
  const document: Record<string, unknown> = {};
  const lists: Record<string, unknown[]> = {};
  streamTopLevel(reportPath, reportPath, DEFAULT_LIMITS, {
    list(key) {
      lists[key] = [];
      document[key] = lists[key];
    },
    item(key, _index, value) {
      lists[key]!.push(value);
    },
    member(key, value) {
      document[key] = value;
    },
  });
  for (const [key, items] of Object.entries(lists)) document[key] = new StreamedList(items);
  globalThis.gc?.();
  const copy = `${reportPath}.bare`;
  const start = performance.now();
  await writeFileInChunks(copy, prettyJsonStream(document));
  const milliseconds = performance.now() - start;
  const same = statSync(copy).size === statSync(reportPath).size;
  rmSync(copy);
  if (!same) throw new Error(`bench: the bare write of ${reportPath} differs in length from the report`);
  return milliseconds;
}

interface PipelineRun {
  readonly phases: PhaseRun['phases'];
  /** When each phase started, and when the last one ended (performance.now()). */
  readonly marks: readonly number[];
  readonly instances: number;
  readonly reachabilities: number;
  readonly findings: number;
  readonly reportBytes: number;
}

/**
 * The model, and how long reading and building it took. In a function of its own so that, as in
 * the CLI, the raw records are garbage once the model is built and do not weigh on later phases.
 */
async function readAndBuild(dir: string): Promise<{ snapshot: LoadedSnapshot; readParse: number; buildModel: number; readStart: number }> {
  const readStart = performance.now();
  const read = await readSnapshot(dir, { lenient: false });
  const readParse = performance.now() - readStart;
  const [snapshot, buildModel] = timed(() => buildSnapshot(read));
  return { snapshot, readParse, buildModel, readStart };
}

/** The real pipeline, as `netreach assess --format json --output FILE` runs it. */
async function runPipeline(dir: string, reportPath: string): Promise<PipelineRun> {
  const { snapshot, readParse, buildModel, readStart } = await readAndBuild(dir);
  const [engine, engineTime] = timed(() => assessNetwork(snapshot.network, OPTIONS));
  const [findings, findingsTime] = timed(() => buildFindings(engine, snapshot.listeners));
  const writeStart = performance.now();
  const assessment = buildAssessment({
    snapshot: dir,
    network: snapshot.network,
    fileCount: snapshot.files,
    engine,
    findings,
    options: { ...OPTIONS, minSeverity: 'Informational' },
    warnings: snapshot.warnings,
    coverage: [],
  });
  // As the CLI writes it (assess --output): chunk by chunk, since a large estate's report is
  // longer than a V8 string, each chunk made while the one before is being written.
  const reportBytes = await writeFileInChunks(reportPath, jsonReportChunks({ assessment, findings }));
  const writeJson = performance.now() - writeStart;
  const marks = [readStart];
  for (const phase of [readParse, buildModel, engineTime, findingsTime, writeJson]) marks.push(marks[marks.length - 1]! + phase);
  return {
    phases: { readParse, buildModel, engine: engineTime, findings: findingsTime, writeJson },
    marks,
    instances: snapshot.network.instances.size,
    reachabilities: engine.reachabilities.length,
    findings: findings.length,
    reportBytes,
  };
}

export async function runPhases(dir: string, reportPath: string): Promise<PhaseRun> {
  const watch = watchGc();
  const { marks, ...pipeline } = await runPipeline(dir, reportPath);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const pauses = await watch.pauses();
  watch.stop();
  const within = (phase: number): number =>
    pauses.filter((p) => p.start >= marks[phase]! && p.start < marks[phase + 1]!).reduce((sum, p) => sum + p.duration, 0);
  const gc = { readParse: within(0), buildModel: within(1), engine: within(2), findings: within(3), writeJson: within(4) };
  // The pipeline's objects are garbage now: collect them so the floor runs on a clean heap.
  globalThis.gc?.();
  const floor = await floorOf(dir);
  const outputFloor = await outputFloorOf(reportPath);
  const p = pipeline.phases;
  return {
    ...pipeline,
    total: p.readParse + p.buildModel + p.engine + p.findings + p.writeJson,
    gc,
    peakRss,
    floor: floor.milliseconds,
    outputFloor,
    streamedFiles: floor.streamed,
    inputBytes: floor.bytes,
    files: floor.files,
  };
}

// As a child process: `node --import tsx bench/estate/phase-run.ts DIR REPORT` prints one JSON line.
if (process.argv[1]?.endsWith('phase-run.ts')) {
  const [dir, report] = process.argv.slice(2);
  const result = await runPhases(dir, report ?? join(dir, '..', 'report.json'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
