#!/usr/bin/env node
// An assessment of a large estate makes hundreds of millions of short-lived objects; with V8's
// default young generation many of them outlive it and are collected again, far more slowly, in
// the old one. Larger semi-spaces (src/cli/node-flags.ts) make a 100,000-instance assessment about
// 7% faster, but V8 takes the size only when node starts: so the CLI starts node once more with
// it (about 30 ms), unless node already has one (NETREACH_NO_RESPAWN=1 also skips that).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SEMI_SPACE_FLAG } from '../dist/cli/node-flags.js';

function hasSemiSpaceFlag() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((arg) => arg.startsWith('--max-semi-space-size'));
}

async function runHere() {
  const { EXIT_INTERNAL, main } = await import('../dist/cli/main.js');
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    // Bad input is handled inside main; anything reaching here is a netreach bug.
    process.stderr.write(`netreach: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runRespawned() {
  // A signal meant for netreach (a CI job cancelled, `kill PID`) reaches the process doing the
  // work. Listening before the start, so that one arriving while node starts is not lost.
  let child = null;
  const forward = (signal) => child?.kill(signal);
  const stopForwarding = () => {
    for (const signal of FORWARDED) process.off(signal, forward);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child = spawn(process.execPath, [...process.execArgv, SEMI_SPACE_FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NETREACH_NO_RESPAWN: '1' },
  });
  child.once('error', () => {
    // node could not be started again (an exotic launcher): do the work in this process.
    stopForwarding();
    void runHere();
  });
  child.once('exit', (code, signal) => {
    stopForwarding();
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

if (process.env.NETREACH_NO_RESPAWN === undefined && !hasSemiSpaceFlag()) runRespawned();
else await runHere();
