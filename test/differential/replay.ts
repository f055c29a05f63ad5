// Replays differential seeds outside the test runner, with the reference's explanation of each
// disagreement, and can write the generated estate to a folder for `netreach assess`.
//   node --import tsx test/differential/replay.ts 1234            one seed
//   node --import tsx test/differential/replay.ts 1 200           a range of seeds
//   node --import tsx test/differential/replay.ts 1234 --write /tmp/estate-1234
// NETREACH_DIFF_SHOW=n prints n disagreements per seed (default 5).
import { describeDisagreement, disagreementKind, knownDeviation, runSeed, writeEstate } from './compare.js';

const args = process.argv.slice(2);
const writeAt = args.indexOf('--write');
const writeDir = writeAt >= 0 ? args[writeAt + 1] : undefined;
const numbers = args.filter((a, i) => /^\d+$/.test(a) && (writeAt < 0 || i !== writeAt + 1)).map(Number);
const first = numbers[0] ?? 1;
const last = numbers[1] ?? first;
const limit = Number(process.env['NETREACH_DIFF_SHOW'] ?? 5);

const kinds = new Map<string, number[]>();
let probes = 0;
let failed = 0;
const started = Date.now();
for (let seed = first; seed <= last; seed++) {
  const outcome = await runSeed(seed);
  probes += outcome.probes;
  if (writeDir !== undefined) writeEstate(outcome.estate, writeDir);
  if (outcome.disagreements.length === 0) continue;
  failed++;
  console.log(`seed ${seed}: ${outcome.disagreements.length} disagreements (${outcome.estate.summary})`);
  for (const d of outcome.disagreements.slice(0, limit)) {
    const known = knownDeviation(outcome, d);
    console.log(`  ${known === null ? 'NEW' : `known ${known}`}: ${describeDisagreement(d, outcome.reference)}`);
  }
  for (const d of outcome.disagreements) {
    const kind = `${disagreementKind(d)} ${knownDeviation(outcome, d) ?? 'NEW'}`;
    const seeds = kinds.get(kind) ?? [];
    if (!seeds.includes(seed)) seeds.push(seed);
    kinds.set(kind, seeds);
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(`${last - first + 1} seeds, ${failed} with disagreements, ${probes} probes, ${seconds.toFixed(1)} s (${((last - first + 1) / seconds).toFixed(1)} seeds/s)`);
for (const [kind, seeds] of kinds) console.log(`  ${kind}: seeds ${seeds.slice(0, 15).join(', ')}${seeds.length > 15 ? ', …' : ''}`);
