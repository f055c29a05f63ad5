// `netreach collect`: who the credentials are, which regions, then every call of every account
// and region through one bounded pool of requests, into a snapshot folder with its manifest.
import { compareText } from '../model/compare-text.js';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { callErrorOf } from './call-error.js';
import { destroyClients, regionClients, stsClient, type ClientSettings, type Credentials, type RequestHandler, type ServiceName } from './clients.js';
import { CollectError } from './errors.js';
import { Limiter } from './limiter.js';
import { renderManifest, sortedCalls, type CallRecord, type CollectManifest } from './manifest.js';
import type { Progress } from './progress.js';
import { collectRegion, directConnectAccountCalls } from './region-calls.js';
import { SnapshotWriter } from './snapshot-writer.js';

export interface CollectOptions {
  readonly output: string;
  /** A profile of ~/.aws/config; null for the standard chain's own choice. */
  readonly profile: string | null;
  /** Roles to assume from the base credentials, one account each; none: the base credentials' own. */
  readonly roleArns: readonly string[];
  /** Region names, 'all' (the account's enabled regions), or null for the profile's region. */
  readonly regions: readonly string[] | 'all' | null;
  readonly endpoint: string | null;
  /** Requests in flight at once, over every account and region. */
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly progress: (scope: string) => Progress;
  readonly requestHandlerFor?: (service: ServiceName) => RequestHandler | undefined;
  readonly now?: () => Date;
}

export interface CollectResult {
  readonly manifest: CollectManifest;
  readonly failed: readonly CallRecord[];
  /** Records returned by every call that succeeded. */
  readonly records: number;
  readonly seconds: number;
}

export { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS } from './defaults.js';

/** 2026-11-20T09:30:00.123Z → 2026-11-20T09:30:00Z. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The path itself or the nearest folder above it that is not a folder; null when none is found. */
async function fileOnPath(start: string): Promise<string | null> {
  for (let at = start; ; at = path.dirname(at)) {
    try {
      return (await stat(at)).isDirectory() ? null : at;
    } catch {
      if (path.dirname(at) === at) return null;
    }
  }
}

/** A folder with files from an earlier collection would mix stale data into this one. */
async function requireEmptyFolder(output: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(output);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    const file = code === 'ENOTDIR' ? await fileOnPath(output) : null;
    const why = file === null ? (code ?? String(error)) : file === output ? 'it is a file' : `${file} is a file`;
    throw new CollectError(`cannot use ${output} as the output folder: ${why}`);
  }
  if (names.length > 0) {
    throw new CollectError(`the output folder ${output} is not empty; choose a new one (files of an earlier collection would be read as current)`);
  }
}

async function defaultRegion(profile: string | null): Promise<string> {
  const client = new STSClient(profile === null ? {} : { profile });
  try {
    return await client.config.region();
  } catch {
    throw new CollectError('no region: pass --regions r1,r2 (or all), or set AWS_REGION or a region in the profile');
  } finally {
    client.destroy();
  }
}

function describeFailure(what: string, error: unknown): CollectError {
  const { code, message } = callErrorOf(error);
  return new CollectError(`${what} failed: ${code}: ${message}`);
}

interface Target {
  readonly account: string;
  readonly settings: ClientSettings;
}

async function accountOf(settings: ClientSettings, region: string, what: string): Promise<string> {
  const sts = stsClient(settings, region);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account === undefined || !/^\d{12}$/.test(identity.Account)) {
      throw new CollectError(`${what}: sts:GetCallerIdentity gave no 12-digit account id`);
    }
    return identity.Account;
  } catch (error) {
    if (error instanceof CollectError) throw error;
    throw describeFailure(`identifying ${what} (sts:GetCallerIdentity)`, error);
  } finally {
    sts.destroy();
  }
}

async function resolveTargets(options: CollectOptions, homeRegion: string): Promise<Target[]> {
  const common = {
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts,
    ...(options.requestHandlerFor === undefined ? {} : { requestHandlerFor: options.requestHandlerFor }),
  };
  // A --profile is the user's choice: the SDK's multi-line warning that access keys are in the
  // environment too is not theirs to act on (any other warning of the chain still shows).
  const chainLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: unknown) => {
      if (!String(message).includes('Multiple credential sources detected')) console.warn(message);
    },
    error: (message: unknown) => console.error(message),
  };
  const base: Credentials = fromNodeProviderChain(options.profile === null ? {} : { profile: options.profile, logger: chainLogger });
  const credentialsOf = options.roleArns.map((roleArn) => ({
    what: `role ${roleArn}`,
    credentials: fromTemporaryCredentials({
      masterCredentials: base,
      params: { RoleArn: roleArn, RoleSessionName: 'netreach-collect' },
      clientConfig: { region: homeRegion, ...(options.endpoint === null ? {} : { endpoint: options.endpoint }) },
    }),
  }));
  const sources = credentialsOf.length > 0 ? credentialsOf : [{ what: 'the credentials', credentials: base }];
  const targets: Target[] = [];
  for (const { what, credentials } of sources) {
    const settings: ClientSettings = { ...common, credentials };
    const account = await accountOf(settings, homeRegion, what);
    if (targets.some((t) => t.account === account)) throw new CollectError(`${what} is in account ${account}, which another --role-arn gives already`);
    targets.push({ account, settings });
  }
  return targets;
}

async function enabledRegions(target: Target, homeRegion: string): Promise<string[]> {
  const clients = regionClients(target.settings, homeRegion);
  try {
    const answer = await clients.ec2.send(new DescribeRegionsCommand({}));
    return (answer.Regions ?? []).flatMap((r) => (r.RegionName === undefined ? [] : [r.RegionName]));
  } catch (error) {
    throw describeFailure(`listing the regions of account ${target.account} (ec2:DescribeRegions)`, error);
  } finally {
    destroyClients(clients);
  }
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const now = options.now ?? (() => new Date());
  const started = now();
  await requireEmptyFolder(options.output);
  const named = Array.isArray(options.regions) ? [...new Set(options.regions)].sort(compareText) : null;
  const homeRegion = named?.[0] ?? (await defaultRegion(options.profile));
  const targets = await resolveTargets(options, homeRegion);
  // `all` is each account's own enabled regions: opt-in regions differ between accounts.
  const regionsOf = new Map<string, readonly string[]>();
  for (const target of targets) {
    regionsOf.set(target.account, options.regions === 'all' ? (await enabledRegions(target, homeRegion)).sort(compareText) : (named ?? [homeRegion]));
  }
  const regions = [...new Set([...regionsOf.values()].flat())].sort(compareText);

  const writer = new SnapshotWriter(options.output);
  // Written first and replaced last: a folder whose collection stopped half-way says so when read.
  const unfinished: CollectManifest = { collectedAt: isoSeconds(started), tool: options.tool, accounts: targets.map((t) => t.account), regions, complete: false, calls: [] };
  await writer.writeText('manifest.json', renderManifest(unfinished));
  const limiter = new Limiter(options.concurrency);
  const calls: CallRecord[] = [];
  const progress = options.progress(`${targets.length === 1 ? targets[0].account : `${targets.length} accounts`}, ${regions.length === 1 ? regions[0] : `${regions.length} regions`}`);
  try {
    await Promise.all(
      targets.flatMap((target) =>
        regionsOf.get(target.account)!.map(async (region, index) => {
          const clients = regionClients(target.settings, region);
          const run = { account: target.account, region, clients, limiter, writer, progress, record: (c: CallRecord) => calls.push(c) };
          try {
            await Promise.all([collectRegion(run), index === 0 ? directConnectAccountCalls(run) : null]);
          } finally {
            destroyClients(clients);
          }
        }),
      ),
    );
  } finally {
    progress.stop();
  }
  const manifest: CollectManifest = {
    collectedAt: isoSeconds(started),
    tool: options.tool,
    accounts: targets.map((t) => t.account),
    regions,
    calls: sortedCalls(calls),
  };
  await writer.writeText('manifest.json', renderManifest(manifest));
  const records = calls.reduce((sum, c) => sum + c.items, 0);
  return { manifest, failed: manifest.calls.filter((c) => c.status === 'error'), records, seconds: (now().getTime() - started.getTime()) / 1000 };
}
