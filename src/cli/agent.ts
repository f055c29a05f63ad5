// `netreach agent` (collect this host's listeners) and `netreach agent import` (turn ss or
// Windows netstat output captured elsewhere into the same listener data file).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Listener } from '../model/types.js';
import {
  collectListeners,
  DEFAULT_IMDS_ENDPOINT,
  HOST_PROC,
  instanceIdFromImds,
  isoSeconds,
  parseNetstatWindows,
  parseSsOutput,
  parseTasklistCsv,
  renderListenerFile,
  type ListenerFile,
} from '../agent/index.js';
import { isoTimestamp } from '../snapshot/aws-values.js';
import type { CliOutput } from './output.js';
import { UsageError } from './usage-error.js';

// Ids become file names (--output DIR), so nothing that could leave the folder.
function parseInstanceId(text: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text)) throw new InvalidArgumentError(`expected an instance id like i-0123456789abcdef0, got "${text}"`);
  return text;
}

function parseHttpUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(`expected an http:// address like ${DEFAULT_IMDS_ENDPOINT}, got "${text}"`);
  }
  return text;
}

function parseCollectedAt(text: string): string {
  if (!isoTimestamp.safeParse(text).success) throw new InvalidArgumentError(`expected an ISO-8601 time like 2026-11-20T09:30:00Z, got "${text}"`);
  return text;
}

/** --output: a folder (existing, or written with a trailing slash) gets <instance-id>.json. */
async function outputPath(output: string, instanceId: string): Promise<string> {
  const isFolder = /[\\/]$/.test(output) || (await stat(output).catch(() => null))?.isDirectory() === true;
  if (!isFolder) return output;
  await mkdir(output, { recursive: true });
  return join(output, `${instanceId}.json`);
}

async function writeListenerFile(io: CliOutput, output: string | undefined, file: ListenerFile): Promise<void> {
  const text = renderListenerFile(file);
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  const path = await outputPath(output, file.instanceId);
  await writeFile(path, text, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * A capture's text. Windows PowerShell 5.1's `>` writes UTF-16 with a byte-order mark (Out-File's
 * default "Unicode"), the way the README's SSM command captures netstat; UTF-8 (with or without
 * its mark) otherwise.
 */
export function captureText(bytes: Buffer): string {
  // A trailing odd byte is no character of UTF-16: left out.
  const utf16 = (): Buffer => Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16().toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16().swap16().toString('utf16le');
  const text = bytes.toString('utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

async function readInput(path: string, what: string): Promise<string> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  });
  return captureText(bytes);
}

/** A fleet's captures are often named by instance: i-0abc….ss.txt. */
function instanceIdFromFileName(path: string): string | null {
  return /^(i-[0-9a-f]{8,17})(?![0-9a-f])/.exec(basename(path))?.[1] ?? null;
}

interface RawAgentOptions {
  readonly instanceId?: string;
  readonly output?: string;
  readonly imdsEndpoint: string;
  readonly proc: string;
}

interface RawImportOptions {
  readonly from: 'ss' | 'netstat-windows';
  readonly tasklist?: string;
  readonly instanceId?: string;
  readonly collectedAt?: string;
  readonly output?: string;
}

async function importListeners(file: string, raw: RawImportOptions): Promise<Listener[]> {
  const text = await readInput(file, `${raw.from} output`);
  if (raw.from === 'ss') {
    if (raw.tasklist !== undefined) throw new UsageError('--tasklist goes with --from netstat-windows; ss output names its processes itself');
    return parseSsOutput(text, file);
  }
  const names = raw.tasklist === undefined ? null : parseTasklistCsv(await readInput(raw.tasklist, 'tasklist output'), raw.tasklist);
  return parseNetstatWindows(text, file, names);
}

export function addAgentCommand(program: Command, io: CliOutput): void {
  const agent = program
    .command('agent')
    .description("write this host's listening sockets as listener data (Linux /proc), for assess --agent-data")
    .enablePositionalOptions()
    .option('--instance-id <id>', 'the EC2 instance id (default: asked of the instance metadata service)', parseInstanceId)
    .option('--output <file|dir>', 'write to FILE, or to DIR/<instance-id>.json (default: standard output)')
    .addOption(
      new Option('--imds-endpoint <url>', 'the instance metadata service').env('NETREACH_IMDS_ENDPOINT').argParser(parseHttpUrl).default(DEFAULT_IMDS_ENDPOINT),
    )
    .addOption(new Option('--proc <dir>', 'the proc file system to read').default(HOST_PROC.procRoot).hideHelp())
    .action(async (raw: RawAgentOptions) => {
      const instanceId = raw.instanceId ?? (await instanceIdFromImds({ endpoint: raw.imdsEndpoint }));
      const collectedAt = isoSeconds(new Date());
      const listeners = await collectListeners({ procRoot: raw.proc, endianness: HOST_PROC.endianness });
      await writeListenerFile(io, raw.output, { instanceId, collectedAt, listeners });
    });

  agent
    .command('import')
    .description('turn ss or Windows netstat output captured on a host into listener data')
    .argument('<file>', 'the captured output')
    .addOption(new Option('--from <format>', 'what FILE holds: `ss -tulpnH` or Windows `netstat -ano` output').choices(['ss', 'netstat-windows']).makeOptionMandatory())
    .option('--tasklist <file>', 'with netstat-windows: `tasklist /fo csv` output, for process names')
    .option('--instance-id <id>', 'the EC2 instance id (default: the i-… that FILE\'s name starts with)', parseInstanceId)
    .option('--collected-at <time>', "when FILE was captured, ISO-8601 (default: FILE's modification time)", parseCollectedAt)
    .option('--output <file|dir>', 'write to FILE, or to DIR/<instance-id>.json (default: standard output)')
    .action(async (file: string, raw: RawImportOptions) => {
      const instanceId = raw.instanceId ?? instanceIdFromFileName(file);
      if (instanceId === null) throw new UsageError(`cannot tell which instance ${file} is from: pass --instance-id (or name the file i-….txt)`);
      const listeners = await importListeners(file, raw);
      const collectedAt = raw.collectedAt ?? isoSeconds((await stat(file)).mtime);
      await writeListenerFile(io, raw.output, { instanceId, collectedAt, listeners });
    });
}
