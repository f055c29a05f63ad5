// The netreach command line: thin wiring of the stages, one line per problem, exit 2 on bad input.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_LIMITS, formatBytes, SnapshotError } from '../snapshot/index.js';
import { printable } from '../model/printable.js';
import { AgentError } from '../agent/index.js';
import { DEFAULT_EPHEMERAL_PORTS } from '../engine/index.js';
import type { Severity } from '../findings/severity.js';
import { assess } from './assess.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { netreachVersion } from '../report/netreach-version.js';
import type { MaxAge } from '../findings/listener-freshness.js';
import { addAgentCommand } from './agent.js';
import { addQueryCommand } from './query.js';
import { addExplainCommand } from './explain.js';
import { CollectError } from '../collect/errors.js';
import { addCollectCommand } from './collect.js';
import { addLiveOptions, withSnapshot, type RawLiveOptions } from './live.js';
import { integerIn, parseByteSize, parseCalendarDate, parseCidrList, parseDuration, parseMinSeverity, parsePortRange, type ReportFormat } from './options.js';
import { PROCESS_OUTPUT, type CliOutput } from './output.js';
import { UsageError } from './usage-error.js';
import { EXIT_GATE_FAILED, failOnOption, gateFailure } from './fail-on.js';
import { codeScanningWarning } from '../report/sarif.js';
import { htmlPageNote } from '../report/html/render.js';
import { addBaselineCommand } from './baseline.js';
import { addDiffCommand } from './diff.js';
import { atLeast } from '../findings/severity.js';

export const EXIT_OK = 0;
/** Not 1: a CI job must tell "the gate found exposure" (--fail-on, exit 1) from "netreach broke". */
export const EXIT_INTERNAL = 3;
export const EXIT_BAD_INPUT = 2;

// Not trimmed: a message may start with a file name that starts with a space.
function oneLine(text: string): string {
  return text.replace(/[ \t]*[\r\n]+[ \t]*/g, ' ');
}

/** One line, whatever the message quotes: a file name or a value with control characters in it stays visible text. */
function reportProblem(io: CliOutput, message: string): void {
  io.stderr(`netreach: ${printable(oneLine(message))}\n`);
}

/** Node's file-system errors carry a code such as ENOENT; they are the user's to fix. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

interface RawAssessOptions {
  readonly agentData?: string;
  readonly agentMaxAge: MaxAge;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly minSeverity: Severity;
  readonly lenient?: boolean;
  readonly strict?: boolean;
  readonly ephemeralPorts: [number, number];
  readonly onpremCidrs?: string[];
  readonly maxFileSize: number;
  readonly maxDepth: number;
  readonly maxFiles: number;
  readonly baseline?: string;
  readonly asOf?: string;
  readonly failOn?: Severity;
}

/** The one place netreach reads the clock: the day a baseline's expiry is judged against, recorded in the report. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

const MAX_DEPTH_LIMIT = 10_000;
const MAX_FILES_LIMIT = 10_000_000;

function buildProgram(io: CliOutput, setExitCode: (code: number) => void): Command {
  // After the report is written: the gate's verdict is the exit code and one stderr line.
  const gateFailed = (message: string): void => {
    reportProblem(io, message);
    setExitCode(EXIT_GATE_FAILED);
  };
  const program = new Command('netreach')
    .description('Which ports of which EC2 instances can be reached from outside their VPC, from where, and why.')
    .version(netreachVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    // Options belong to the command they follow: `agent import --instance-id` is import's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Reported by main() from the thrown CommanderError, as one `netreach:` line.
      outputError: () => undefined,
    });

  const assessCommand = program
    .command('assess')
    .description('assess a snapshot folder and report the findings')
    .argument('[snapshot]', 'folder of AWS describe-* JSON files (none with --live)')
    .option('--agent-data <dir>', 'folder of listener data (one JSON file per instance); wins over the snapshot\'s own')
    .addOption(
      new Option('--agent-max-age <duration>', 'set aside listener data collected further than this from the snapshot (24h, 90m, 2d)')
        .argParser(parseDuration)
        .default(parseDuration('24h'), '24h'),
    )
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('table'))
    .option('--output <file>', 'write the report to this file instead of standard output')
    .addOption(
      new Option('--min-severity <level>', 'report findings at or above: high, medium, low, informational')
        .argParser(parseMinSeverity)
        .default('Informational' satisfies Severity, 'informational'),
    )
    .option('--lenient', 'skip malformed parts of the snapshot (listed in the coverage) instead of failing')
    .option('--strict', 'exit 2 when the coverage lists any gap (after writing the report)')
    .addOption(
      new Option('--ephemeral-ports <range>', 'client ports NACL replies must reach')
        .argParser(parsePortRange)
        .default([...DEFAULT_EPHEMERAL_PORTS], DEFAULT_EPHEMERAL_PORTS.join('-')),
    )
    .option('--onprem-cidrs <cidrs>', 'narrow VPN/Direct Connect sources to these comma-separated CIDRs', parseCidrList)
    .addOption(
      new Option('--max-file-size <size>', 'refuse snapshot and agent data files larger than this (e.g. 64MiB)')
        .argParser(parseByteSize)
        .default(DEFAULT_LIMITS.maxFileBytes, formatBytes(DEFAULT_LIMITS.maxFileBytes).replace(' ', '')),
    )
    .addOption(
      new Option('--max-depth <levels>', 'refuse JSON nested deeper than this')
        .argParser(integerIn(1, MAX_DEPTH_LIMIT))
        .default(DEFAULT_LIMITS.maxDepth),
    )
    .addOption(
      new Option('--max-files <count>', 'refuse a folder with more JSON files than this')
        .argParser(integerIn(1, MAX_FILES_LIMIT))
        .default(DEFAULT_LIMITS.maxFiles),
    )
    .option('--baseline <file>', 'leave out the findings this baseline file accepts (netreach baseline create)')
    .addOption(new Option('--as-of <date>', "judge baseline expiry on this day, YYYY-MM-DD (default: today, UTC)").argParser(parseCalendarDate))
    .addOption(failOnOption('a finding remains (after --baseline and --min-severity)'));
  addLiveOptions(assessCommand).action(async (snapshot: string | undefined, raw: RawAssessOptions & RawLiveOptions) => {
    if (raw.asOf !== undefined && raw.baseline === undefined) throw new UsageError('--as-of needs --baseline (it dates the baseline\'s expiry)');
    const { report } = await withSnapshot(io, snapshot, raw, netreachVersion(), (snapshotPath) => assess(io, snapshotPath, {
        agentData: raw.agentData ?? null,
        agentMaxAge: raw.agentMaxAge,
        format: raw.format,
        output: raw.output ?? null,
        minSeverity: raw.minSeverity,
        lenient: raw.lenient === true,
        strict: raw.strict === true,
        ephemeralPorts: raw.ephemeralPorts,
        onpremCidrs: raw.onpremCidrs ?? null,
        limits: { maxFileBytes: raw.maxFileSize, maxDepth: raw.maxDepth, maxFiles: raw.maxFiles },
        baseline: raw.baseline === undefined ? null : { file: raw.baseline, asOf: raw.asOf ?? todayUtc() },
      }));
      const tooLarge = raw.format === 'sarif' ? codeScanningWarning(report.findings) : raw.format === 'html' ? htmlPageNote(report) : null;
      if (tooLarge !== null) reportProblem(io, tooLarge);
      const failOn = raw.failOn;
      const failure = failOn === undefined ? null : gateFailure(failOn, [[report.findings.filter((f) => atLeast(f.severity, failOn)).length, 'finding']]);
      if (failure !== null) gateFailed(failure);
      const gaps = report.assessment.coverage.length;
      if (raw.strict === true && gaps > 0) {
        reportProblem(io, `--strict: the snapshot has ${gaps} coverage gap${gaps === 1 ? '' : 's'} (listed in the report's coverage)`);
        setExitCode(EXIT_BAD_INPUT);
      }
    });

  addAgentCommand(program, io);
  addQueryCommand(program, io);
  addExplainCommand(program, io);
  addCollectCommand(program, io, netreachVersion());
  addBaselineCommand(program, io);
  addDiffCommand(program, io, gateFailed);

  // Without this, commander would answer an unknown command with its multi-line help.
  program.allowExcessArguments(true).action((_options: unknown, command: Command) => {
    const [name] = command.args;
    throw new UsageError(name === undefined ? 'missing command (try "netreach --help")' : `unknown command '${name}' (try "netreach --help")`);
  });
  return program;
}

function commanderExitCode(io: CliOutput, error: CommanderError): number {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return EXIT_OK;
    case 'commander.help':
      // Help shown because something was missing: a usage error, though the help already said it.
      return EXIT_BAD_INPUT;
    default:
      reportProblem(io, error.message.replace(/^error: /, ''));
      return EXIT_BAD_INPUT;
  }
}

export async function main(argv: string[], io: CliOutput = PROCESS_OUTPUT): Promise<number> {
  let exitCode = EXIT_OK;
  try {
    const program = buildProgram(io, (code) => {
      exitCode = code;
    });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(io, error);
    if (error instanceof SnapshotError || error instanceof AgentError || error instanceof UsageError || error instanceof CollectError || isSystemError(error)) {
      reportProblem(io, error.message);
      return EXIT_BAD_INPUT;
    }
    reportProblem(io, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_INTERNAL;
  }
}
