// A failed AWS call as the manifest records it: the error code AWS (or the network) gave and its
// message on one line.
export interface CallError {
  readonly code: string;
  readonly message: string;
}

function field(error: object, key: string): unknown {
  return Reflect.get(error, key);
}

function httpStatus(error: object): number | null {
  const metadata = field(error, '$metadata');
  if (typeof metadata !== 'object' || metadata === null) return null;
  const status = field(metadata, 'httpStatusCode');
  return typeof status === 'number' ? status : null;
}

export function callErrorOf(error: unknown): CallError {
  if (!(error instanceof Error)) return { code: 'Error', message: String(error) };
  const message = error.message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  // Node's network errors (ECONNREFUSED, ENOTFOUND for a service a region does not offer).
  const systemCode = field(error, 'code');
  if (typeof systemCode === 'string' && /^E[A-Z]+$/.test(systemCode)) return { code: systemCode, message };
  // An answer the SDK could not read (an HTML error page): its HTTP status says more than the parser.
  const status = httpStatus(error);
  if (error.name === 'SyntaxError' && status !== null) return { code: `HTTP${status}`, message: `unreadable response (HTTP ${status})` };
  return { code: error.name === 'Error' && status !== null ? `HTTP${status}` : error.name, message };
}
