// Runs every test/**/*.test.ts with node's test runner (through tsx).
// Node 20's --test does not expand globs, so the file list is built here; an empty list fails.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test');
if (files.length === 0) {
  console.error('no test files found under test/');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(result.stdout);
const passed = Number(/^ℹ pass (\d+)/m.exec(result.stdout)?.[1] ?? 0);
const failed = Number(/^ℹ fail (\d+)/m.exec(result.stdout)?.[1] ?? 0);
console.log(`${passed} passed, ${failed} failed`);
if (passed === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(result.status ?? 1);
