// Request handlers that stand in for the network inside the SDK clients, so the SDK's own
// serializers, error parsing and retries run as they do against AWS: recorded Direct Connect
// responses (moto has no virtual interfaces or Direct Connect gateways), and a denied call.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { RequestHandler } from '../../src/collect/index.js';

interface StubRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

interface StubResponse {
  readonly response: { statusCode: number; headers: Record<string, string>; body: Readable };
}

interface StubHandler {
  handle(request: StubRequest, options?: unknown): Promise<StubResponse>;
}

function answer(statusCode: number, contentType: string, body: string): StubResponse {
  return { response: { statusCode, headers: { 'content-type': contentType }, body: Readable.from([Buffer.from(body)]) } };
}

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'directconnect');

/**
 * Direct Connect (JSON 1.1: the operation is named by x-amz-target) answered from the recorded
 * responses in fixtures/directconnect/, with `{{VGW}}` made the virtual private gateway the test
 * built, and `edit` applied to the parsed response.
 */
export function recordedDirectConnect(
  vgw: string,
  edit: (operation: string, response: Record<string, unknown>, request: Record<string, unknown>) => void = () => {},
): RequestHandler {
  const handler: StubHandler = {
    async handle(request) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
      const operation = target.slice(target.indexOf('.') + 1);
      let text: string;
      try {
        text = readFileSync(path.join(FIXTURES, `${operation}.json`), 'utf8');
      } catch {
        return answer(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'DirectConnectClientException', message: `no recorded response for ${operation}` }));
      }
      const response = JSON.parse(text.replaceAll('{{VGW}}', vgw)) as Record<string, unknown>;
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
      edit(operation, response, body === '' ? {} : (JSON.parse(body) as Record<string, unknown>));
      return answer(200, 'application/x-amz-json-1.1', JSON.stringify(response));
    },
  };
  return handler;
}

function ec2Action(body: unknown): string | null {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '';
  return new URLSearchParams(text).get('Action');
}

/** EC2 through the SDK's own handler, except `action`, which AWS refuses as it does without the IAM permission. */
export function ec2Denying(action: string): RequestHandler {
  const real = new EC2Client({ region: 'us-east-1' }).config.requestHandler;
  const handler: StubHandler = {
    async handle(request, options) {
      if (ec2Action(request.body) !== action) return real.handle(request as never, options as never) as Promise<StubResponse>;
      const message =
        `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ` +
        `ec2:${action} because no identity-based policy allows the ec2:${action} action`;
      return answer(
        403,
        'text/xml;charset=UTF-8',
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>${message}</Message></Error></Errors><RequestID>5f9a3b1e-0000-4000-8000-000000000000</RequestID></Response>`,
      );
    },
  };
  return handler;
}

/** EC2 through the SDK's own handler, except `action`, which never answers (a collection stopped half-way). */
export function ec2Hanging(action: string): RequestHandler {
  const real = new EC2Client({ region: 'us-east-1' }).config.requestHandler;
  const handler: StubHandler = {
    async handle(request, options) {
      if (ec2Action(request.body) !== action) return real.handle(request as never, options as never) as Promise<StubResponse>;
      return new Promise<StubResponse>(() => {});
    },
  };
  return handler;
}

/**
 * EC2 through the SDK's own handler, except DescribeRegions, which answers each caller (told apart
 * by the access key its request is signed with, in the order they first ask) with its own regions:
 * accounts whose opt-in regions differ.
 */
export function ec2RegionsByCaller(regionsOfCaller: readonly (readonly string[])[]): RequestHandler {
  const real = new EC2Client({ region: 'us-east-1' }).config.requestHandler;
  const callers: string[] = [];
  const handler: StubHandler = {
    async handle(request, options) {
      if (ec2Action(request.body) !== 'DescribeRegions') return real.handle(request as never, options as never) as Promise<StubResponse>;
      const authorization = request.headers['authorization'] ?? request.headers['Authorization'] ?? '';
      const key = /Credential=([^/]+)\//.exec(authorization)?.[1] ?? '';
      if (!callers.includes(key)) callers.push(key);
      const regions = regionsOfCaller[callers.indexOf(key)] ?? [];
      const items = regions.map((r) => `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opted-in</optInStatus></item>`).join('');
      return answer(200, 'text/xml;charset=UTF-8', `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>0</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`);
    },
  };
  return handler;
}
