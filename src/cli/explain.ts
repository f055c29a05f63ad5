// `netreach explain SNAPSHOT FINDING_ID`: the whole story of one finding — the path with the rule
// at each step, and the smallest change that would close it (with the ports that change closes).
import { Command, Option } from 'commander';
import type { ListenerData } from '../model/types.js';
import { loadAgentData, loadSnapshot } from '../snapshot/index.js';
import { assessNetwork, type EngineOptions } from '../engine/index.js';
import { findFinding } from '../findings/build.js';
import { closingChanges } from '../findings/closing-changes.js';
import { freshListenerData, type MaxAge } from '../findings/listener-freshness.js';
import { renderFindingStory, renderFindingStoryJson } from '../report/finding-story.js';
import { requireFolder } from './folders.js';
import { ephemeralPortsOption, onpremCidrsOption } from './engine-options.js';
import type { CliOutput } from './output.js';
import { parseDuration } from './options.js';
import { withPhaseLine } from './phase-line.js';
import { count } from '../report/table.js';
import { UsageError } from './usage-error.js';

interface RawExplainOptions {
  readonly agentData?: string;
  readonly agentMaxAge: MaxAge;
  readonly lenient?: boolean;
  readonly ephemeralPorts: [number, number];
  readonly onpremCidrs?: string[];
  readonly format: 'table' | 'json';
}

export async function explainFinding(io: CliOutput, snapshotPath: string, findingId: string, raw: RawExplainOptions): Promise<void> {
  await requireFolder(snapshotPath, 'snapshot folder');
  if (raw.agentData !== undefined) await requireFolder(raw.agentData, 'agent data folder');
  const story = await withPhaseLine(io, async (phase) => {
    const lenient = raw.lenient === true;
    phase.show(`reading ${snapshotPath}`);
    const snapshot = await loadSnapshot(snapshotPath, { lenient });
    // The snapshot's own listener data, replaced instance by instance by --agent-data's (as assess does).
    const merged = new Map<string, ListenerData>(snapshot.listeners);
    if (raw.agentData !== undefined) for (const [id, data] of (await loadAgentData(raw.agentData, { lenient })).listeners) merged.set(id, data);
    const listeners = freshListenerData(merged, snapshot.network.collectedAt, raw.agentMaxAge).listeners;
    const options: EngineOptions = { ephemeralPorts: raw.ephemeralPorts, onpremCidrs: raw.onpremCidrs ?? null };
    phase.show(`analysing ${count(snapshot.network.instances.size, 'instance')}`);
    const before = assessNetwork(snapshot.network, options);
    const finding = findFinding(before, listeners, findingId);
    if (finding === undefined) throw new UsageError(`no finding ${findingId} in ${snapshotPath} with these options (netreach assess lists the findings and their ids)`);
    phase.show(`weighing the changes that close ${findingId}`);
    const effects = closingChanges(snapshot.network, options, listeners, finding, { before });
    return raw.format === 'json' ? renderFindingStoryJson(finding, effects) : renderFindingStory(finding, effects);
  });
  io.stdout(story);
}

export function addExplainCommand(program: Command, io: CliOutput): void {
  program
    .command('explain')
    .description("one finding's story: its path with the rule at each step, and the smallest change that closes it")
    .argument('<snapshot>', 'folder of AWS describe-* JSON files')
    .argument('<finding-id>', 'a finding id (nr-…) from netreach assess')
    .option('--agent-data <dir>', 'folder of listener data (one JSON file per instance), as for assess')
    .addOption(
      new Option('--agent-max-age <duration>', 'set aside listener data collected further than this from the snapshot (24h, 90m, 2d)')
        .argParser(parseDuration)
        .default(parseDuration('24h'), '24h'),
    )
    .option('--lenient', 'skip malformed parts of the snapshot instead of failing')
    .addOption(new Option('--format <format>', 'output format: the story in words, or JSON (the finding as assess reports it, and each change with what it closes)').choices(['table', 'json']).default('table'))
    .addOption(ephemeralPortsOption())
    .addOption(onpremCidrsOption())
    .action(async (snapshot: string, findingId: string, raw: RawExplainOptions) => explainFinding(io, snapshot, findingId, raw));
}
