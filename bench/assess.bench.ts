// `npm run bench`: time netreach phase by phase on generated estates and compare the total with
// the floor, a bare JSON.parse of the same files (not part of npm test; tests never time).
// Usage: npm run bench -- [--sizes small,medium,large] [--seed N] [--dir DIR] [--runs N] [--json]
import { spawnSync } from 'node:child_process';
import { machineMemory, respawnFlags } from '../src/cli/node-flags.js';
import { Command } from 'commander';
import { join } from 'node:path';
import { defaultEstateDir, ensureEstate } from './estate/cached-estate.js';
import type { PhaseRun } from './estate/phase-run.js';
import { namedSize, SIZE_NAMES, type EstateSize, type SizeName } from './estate/sizes.js';
import type { EstateCounts } from './estate/write-estate.js';

interface BenchRow {
  readonly size: SizeName;
  readonly dir: string;
  readonly estate: EstateCounts;
  /** The median of the runs: each phase, the total and the floor on their own; the highest peak RSS. */
  readonly run: PhaseRun;
  /** Every run's total, in order (ms). */
  readonly totals: readonly number[];
}

const program = new Command('bench')
  .option('--sizes <list>', `comma-separated, of ${SIZE_NAMES.join(', ')}`, 'small,medium,large')
  .option('--seed <n>', 'seed of the generated estates', '1')
  .option('--dir <folder>', 'where estates are kept between runs (default: <tmp>/netreach-bench)')
  .option('--runs <n>', 'runs per size, each in a fresh process; the table shows the medians', '1')
  .option('--tgw-hub', 'estates with every VPC on one transit gateway (kept as <size>-tgw-<seed>)')
  .option('--json', 'print the results as JSON')
  .parse();
const flags = program.opts<{ sizes: string; seed: string; dir?: string; runs: string; tgwHub?: boolean; json?: boolean }>();
const seed = Number(flags.seed);
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 99) program.error(`bench: --runs must be a whole number 1-99, got "${flags.runs}"`);
const sizes = flags.sizes.split(',').map((s) => s.trim());
for (const size of sizes) {
  if (!(SIZE_NAMES as readonly string[]).includes(size)) program.error(`bench: unknown size "${size}" (${SIZE_NAMES.join(', ')})`);
}

function estateDir(size: SizeName): string {
  const label = flags.tgwHub === true ? `${size}-tgw` : size;
  return flags.dir === undefined ? defaultEstateDir(label, seed) : join(flags.dir, `${label}-${seed}`);
}

function estateSize(size: SizeName): EstateSize {
  return flags.tgwHub === true ? { ...namedSize(size), transitGatewayHub: true } : namedSize(size);
}

/** Runs the phases in a child process, so its peak RSS is this estate's alone. */
function runChild(dir: string): PhaseRun {
  // With the node flags the CLI runs with (bin/netreach.js), so the phases are timed as users see them.
  const flags = respawnFlags([], machineMemory());
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--expose-gc', join(import.meta.dirname, 'estate', 'phase-run.ts'), dir, `${dir}.report.json`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`bench: the run on ${dir} failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as PhaseRun;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One run, or the medians of several: timing on a shared machine varies by ±10–30% per run. */
function medianRun(all: readonly PhaseRun[]): PhaseRun {
  const first = all[0]!;
  if (all.length === 1) return first;
  const of = (pick: (r: PhaseRun) => number): number => median(all.map(pick));
  const phases = (pick: (r: PhaseRun) => PhaseRun['phases']): PhaseRun['phases'] => ({
    readParse: of((r) => pick(r).readParse),
    buildModel: of((r) => pick(r).buildModel),
    engine: of((r) => pick(r).engine),
    findings: of((r) => pick(r).findings),
    writeJson: of((r) => pick(r).writeJson),
  });
  return {
    ...first,
    phases: phases((r) => r.phases),
    gc: phases((r) => r.gc),
    total: of((r) => r.total),
    floor: of((r) => r.floor),
    outputFloor: of((r) => r.outputFloor),
    peakRss: Math.max(...all.map((r) => r.peakRss)),
  };
}

const rows: BenchRow[] = [];
for (const size of sizes as SizeName[]) {
  const dir = estateDir(size);
  const { counts, generated } = await ensureEstate(dir, estateSize(size), seed);
  if (!flags.json) process.stderr.write(`${size}: ${generated ? 'generated' : 'reusing'} ${dir}\n`);
  const all: PhaseRun[] = [];
  for (let i = 0; i < runs; i++) all.push(runChild(dir));
  rows.push({ size, dir, estate: counts, run: medianRun(all), totals: all.map((r) => r.total) });
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** Large over medium. */
function growth(): { factor: number; sizeRatio: number } | null {
  const medium = rows.find((r) => r.size === 'medium');
  const large = rows.find((r) => r.size === 'large');
  if (medium === undefined || large === undefined) return null;
  return { factor: large.run.total / medium.run.total, sizeRatio: large.estate.instances / medium.estate.instances };
}

if (flags.json) {
  console.log(JSON.stringify({ node: process.version, seed, runs, rows, growth: growth() }, null, 2));
} else {
  const header = ['size', 'instances', 'input MiB', 'files', 'read+parse s', 'build model s', 'engine s', 'findings s', 'write JSON s', 'total s', 'floor s', 'total/floor', 'output floor s', 'floors/floor', 'peak RSS MiB', 'findings'];
  const table = rows.map((r) => [
    r.size,
    String(r.estate.instances),
    mib(r.run.inputBytes),
    String(r.run.files),
    seconds(r.run.phases.readParse),
    seconds(r.run.phases.buildModel),
    seconds(r.run.phases.engine),
    seconds(r.run.phases.findings),
    seconds(r.run.phases.writeJson),
    seconds(r.run.total),
    `${seconds(r.run.floor)}${r.run.streamedFiles > 0 ? '*' : ''}`,
    (r.run.total / r.run.floor).toFixed(2),
    seconds(r.run.outputFloor),
    ((r.run.floor + r.run.outputFloor) / r.run.floor).toFixed(2),
    mib(r.run.peakRss),
    String(r.run.findings),
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of table) console.log(`| ${line.join(' | ')} |`);
  console.log('');
  if (runs > 1) {
    console.log(`medians of ${runs} runs per size (each phase, total and floor on its own; peak RSS the highest); totals per run:`);
    for (const { size, totals } of rows) console.log(`  ${size}: ${totals.map(seconds).join(', ')} s`);
    console.log('');
  }
  for (const { size, estate: e, run } of rows) {
    console.log(
      `${size}: ${e.instances} instances, ${e.vpcs} VPCs, ${e.subnets} subnets, ${e.securityGroups} security groups (${e.securityGroupRuleEntries} rule entries), ` +
        `${e.networkAcls} NACLs, ${e.loadBalancers} load balancers, ${e.targetGroups} target groups, ${e.peeringConnections} peering connections, ${e.vpnGateways} VGWs` +
        `${e.transitGatewayAttachments === undefined ? '' : `, ${e.transitGatewayAttachments} transit gateway attachments`}; ` +
        `${run.reachabilities} reachabilities`,
    );
  }
  console.log(`\ngarbage-collection pauses of the main thread within each phase, s${runs > 1 ? ' (medians)' : ''}:`);
  for (const { size, run } of rows) {
    const g = run.gc;
    const sum = g.readParse + g.buildModel + g.engine + g.findings + g.writeJson;
    console.log(`  ${size}: read ${seconds(g.readParse)}, build ${seconds(g.buildModel)}, engine ${seconds(g.engine)}, findings ${seconds(g.findings)}, write ${seconds(g.writeJson)} (all ${seconds(sum)} of ${seconds(run.total)})`);
  }
  if (rows.some((r) => r.run.streamedFiles > 0)) console.log('\n* includes files above V8\'s string limit, whose floor is the loader\'s own streaming cut (runs of records to JSON.parse) without the checks');
  console.log(
    '\noutput floor: the report, read back as plain data, written again by bare JSON.stringify (the same bytes); ' +
      'floors/floor = (floor + output floor) / floor, what a program that only parsed this input and wrote this report would reach',
  );
  const g = growth();
  if (g !== null) {
    console.log(`\ngrowth medium → large: ${g.factor.toFixed(2)}× for ${g.sizeRatio}× the instances (${(g.factor / g.sizeRatio).toFixed(2)} × linear)`);
  }
  console.log(`node ${process.version}; targets: large total ≤ 2 × floor, peak RSS ≤ 2.5 GB, growth ≤ 1.1 × linear`);
}
