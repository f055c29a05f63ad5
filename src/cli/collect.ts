// `netreach collect`: AWS accounts → a snapshot folder (SPEC §1) with its manifest.json. The
// same options serve `assess --live` (live.ts).
import { Command, InvalidArgumentError, Option } from 'commander';
// The collector (and with it the AWS SDK, most of a second to load) is loaded only when a
// collection runs, so that every other command starts fast.
import type { CallRecord, CollectResult } from '../collect/index.js';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS } from '../collect/defaults.js';
import { CollectError } from '../collect/errors.js';
import { NO_PROGRESS, TerminalProgress } from '../collect/progress.js';
import { printable } from '../model/printable.js';
import { isRegionName } from '../snapshot/snapshot-files.js';
import { integerIn } from './options.js';
import type { CliOutput } from './output.js';

export interface RawCollectOptions {
  readonly profile?: string;
  readonly roleArn?: string[];
  readonly regions?: readonly string[] | 'all';
  readonly endpointUrl?: string;
  readonly concurrency: number;
  readonly quiet?: boolean;
}

const MAX_CONCURRENCY = 64;
/** Failed calls named one per line; the manifest lists them all. */
const FAILURES_SHOWN = 10;

function parseRegions(text: string): readonly string[] | 'all' {
  if (text.trim() === 'all') return 'all';
  const regions = text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (regions.length === 0) throw new InvalidArgumentError('expected region names separated by commas (us-east-1,eu-west-1) or all');
  for (const region of regions) {
    if (!isRegionName(region)) throw new InvalidArgumentError(`"${region}" is not an AWS region name like us-east-1`);
  }
  return regions;
}

function parseRoleArn(text: string, previous: string[] | undefined): string[] {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(text)) {
    throw new InvalidArgumentError(`expected a role ARN like arn:aws:iam::123456789012:role/netreach-read, got "${text}"`);
  }
  return [...(previous ?? []), text];
}

function parseEndpointUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(`expected an http:// or https:// address, got "${text}"`);
  }
  return text;
}

/** The options `collect` and `assess --live` share. */
export function addCollectOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile (credentials, SSO, region) from ~/.aws/config')
    .option('--role-arn <arn>', 'assume this role first (repeat for several accounts)', parseRoleArn)
    .option('--regions <list|all>', "comma-separated regions, or all enabled ones (default: the profile's region)", parseRegions)
    .option('--endpoint-url <url>', 'send every AWS call to this address (a local AWS API for testing)', parseEndpointUrl)
    .addOption(
      new Option('--concurrency <n>', 'AWS requests in flight at once').argParser(integerIn(1, MAX_CONCURRENCY)).default(DEFAULT_CONCURRENCY),
    )
    .option('--quiet', 'no progress line and no summary (failed calls are still named)');
}

function failureLine(call: CallRecord): string {
  const parent = call.parent === undefined ? '' : ` for ${call.parent}`;
  return `netreach: ${call.call}${parent} failed in ${call.account}/${call.region}: ${call.error?.code ?? 'Error'}: ${call.error?.message ?? ''}`;
}

function reportFailures(io: CliOutput, result: CollectResult): void {
  for (const call of result.failed.slice(0, FAILURES_SHOWN)) io.stderr(`${printable(failureLine(call).replace(/\s*[\r\n]+\s*/g, ' '))}\n`);
  const more = result.failed.length - FAILURES_SHOWN;
  if (more > 0) io.stderr(`netreach: … and ${more} more failed call${more === 1 ? '' : 's'} (manifest.json lists them)\n`);
}

function summary(result: CollectResult, output: string): string {
  const { manifest, failed, records, seconds } = result;
  const where = `${manifest.accounts.join(', ')} in ${manifest.regions.length === 1 ? manifest.regions[0] : `${manifest.regions.length} regions`}`;
  const failures = failed.length === 0 ? '' : `, ${failed.length} failed`;
  return `collected ${records} records in ${manifest.calls.length} calls${failures} from ${where} in ${seconds.toFixed(1)}s into ${output}\n`;
}

/** AWS_MAX_ATTEMPTS, the SDK's own variable, when set; else a default that outlasts throttling. */
function maxAttempts(): number {
  const text = process.env.AWS_MAX_ATTEMPTS;
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) && value >= 1 ? value : DEFAULT_MAX_ATTEMPTS;
}

/** Collects into `output`; the folder is written even when calls fail, which the manifest records. */
export async function collectInto(io: CliOutput, output: string, raw: RawCollectOptions, toolVersion: string): Promise<CollectResult> {
  const showProgress = raw.quiet !== true && io.stderrIsTerminal === true;
  // The SDK's multi-line notice that its 2027 releases need Node 22 is not the user's to act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { collect } = await import('../collect/collect.js');
  const result = await collect({
    output,
    profile: raw.profile ?? null,
    roleArns: raw.roleArn ?? [],
    regions: raw.regions ?? null,
    endpoint: raw.endpointUrl ?? null,
    concurrency: raw.concurrency,
    maxAttempts: maxAttempts(),
    tool: { name: 'netreach', version: toolVersion },
    progress: (scope) => (showProgress ? new TerminalProgress(io.stderr, scope) : NO_PROGRESS),
  });
  reportFailures(io, result);
  if (result.failed.length === result.manifest.calls.length) {
    throw new CollectError(`every AWS call failed (manifest.json in ${output} lists them); nothing was collected`);
  }
  if (raw.quiet !== true) io.stderr(summary(result, output));
  return result;
}

interface RawCollectCommandOptions extends RawCollectOptions {
  readonly output: string;
}

export function addCollectCommand(program: Command, io: CliOutput, toolVersion: string): void {
  const command = program
    .command('collect')
    .description('read the network configuration of AWS accounts into a snapshot folder (read-only calls)')
    .requiredOption('--output <dir>', 'the snapshot folder to write (new or empty)');
  addCollectOptions(command).action(async (raw: RawCollectCommandOptions) => {
    await collectInto(io, raw.output, raw, toolVersion);
  });
}
