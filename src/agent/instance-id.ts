// The instance id from EC2 instance metadata, IMDSv2: a session token from PUT /latest/api/token,
// then GET /latest/meta-data/instance-id with it. Off EC2 nothing answers, so every request gives
// up after a second.
import { AgentError } from './errors.js';

export const DEFAULT_IMDS_ENDPOINT = 'http://169.254.169.254';
const TIMEOUT_MS = 1000;
const TOKEN_TTL_SECONDS = '60';
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

export interface ImdsOptions {
  readonly endpoint: string;
  readonly timeoutMs?: number;
}

async function imdsRequest(url: string, init: RequestInit, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new Error(timedOut ? `no answer within ${timeoutMs / 1000} s` : `cannot connect (${errorText(error)})`);
  }
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${init.method ?? 'GET'} ${new URL(url).pathname}`);
  return body.trim();
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause ?? error.message;
}

/** The id of the EC2 instance this runs on, or an AgentError saying why it can't be known. */
export async function instanceIdFromImds(options: ImdsOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const base = options.endpoint.replace(/\/+$/, '');
  try {
    const token = await imdsRequest(
      `${base}/latest/api/token`,
      { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS } },
      timeoutMs,
    );
    const id = await imdsRequest(`${base}/latest/meta-data/instance-id`, { headers: { 'X-aws-ec2-metadata-token': token } }, timeoutMs);
    if (!INSTANCE_ID.test(id)) throw new Error(`expected an instance id like i-0123456789abcdef0, got ${JSON.stringify(id.slice(0, 40))}`);
    return id;
  } catch (error) {
    throw new AgentError(
      `cannot learn the instance id from EC2 instance metadata at ${base}: ${error instanceof Error ? error.message : String(error)}; not on EC2? pass --instance-id`,
    );
  }
}
