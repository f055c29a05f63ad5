// Runs every test/**/*.test.ts with node's test runner (through tsx), one file at a time, each in
// its own process group with a hard time limit, so that one stuck file (a worker or child process
// that never ends) is killed, reported by name, and counted as a failure instead of holding the
// whole run until CI's own limit. Output is passed through as it comes, so a CI log shows how far
// the run got. Node 20's --test does not expand globs, so the file list is built here.
//
//   node scripts/run-tests.mjs [FILE…]
//   NETREACH_TEST_FILE_TIMEOUT=SECONDS (default 420) changes the limit per file.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

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
const limitSeconds = Number(process.env.NETREACH_TEST_FILE_TIMEOUT ?? 420);
if (!Number.isFinite(limitSeconds) || limitSeconds <= 0) {
  console.error(`NETREACH_TEST_FILE_TIMEOUT must be a positive number of seconds, not ${JSON.stringify(process.env.NETREACH_TEST_FILE_TIMEOUT)}`);
  process.exit(1);
}

// Run from inside a test (the runner's own tests do), node --test would report to that test's
// runner instead of printing its results.
const TEST_ENV = { ...process.env };
delete TEST_ENV.NODE_TEST_CONTEXT;

/** The test file running now, if any. */
let current = null;

/** Kills the file's whole process group (its test process and whatever that started). */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
      env: TEST_ENV,
    });
    current = child;
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      process.stdout.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, limitSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      // A test process that exits may leave children of its own behind; none may outlive it.
      killGroup(child);
      const passed = Number(/^ℹ pass (\d+)/m.exec(text)?.[1] ?? 0);
      const failed = Number(/^ℹ fail (\d+)/m.exec(text)?.[1] ?? 0);
      resolve({ file, passed, failed, code, signal, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// A Ctrl-C or a CI cancel takes the current file's group down too: it runs in a group of its own,
// which the terminal's Ctrl-C does not reach.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current !== null) killGroup(current);
    process.exit(130);
  });
}

const results = [];
for (const file of files) {
  process.stdout.write(`\n▶ ${file}\n`);
  const result = await runFile(file);
  results.push(result);
  if (result.timedOut) {
    process.stdout.write(`✖ ${file}: killed after ${limitSeconds} s (NETREACH_TEST_FILE_TIMEOUT): it did not finish\n`);
  } else {
    process.stdout.write(`◀ ${file}: ${result.passed} passed, ${result.failed} failed in ${result.seconds.toFixed(1)} s\n`);
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const bad = results.filter((r) => r.timedOut || r.failed > 0 || r.code !== 0);
const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
console.log(`\nslowest files: ${slowest.map((r) => `${r.file} ${r.seconds.toFixed(0)} s`).join(', ')}`);
for (const r of bad) {
  const why = r.timedOut ? `killed after ${limitSeconds} s` : r.failed > 0 ? `${r.failed} failed` : `exited with ${r.code ?? r.signal}`;
  console.log(`failed file: ${r.file} (${why})`);
}
console.log(`${passed} passed, ${failed} failed${bad.some((r) => r.timedOut) ? `, ${bad.filter((r) => r.timedOut).length} file(s) killed` : ''}`);
if (passed === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(bad.length > 0 ? 1 : 0);
