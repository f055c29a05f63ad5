#!/usr/bin/env node
// An assessment of a large estate makes hundreds of millions of short-lived objects and, above
// some 200,000 instances, more live data than V8's default heap limit (about 4 GiB) allows. V8
// takes its young generation size and its heap limit only when node starts, so the CLI starts
// node once more (about 30 ms) with larger semi-spaces and a heap limit that fits the machine
// (src/cli/node-flags.ts), unless node already has a semi-space size (NETREACH_NO_RESPAWN=1 also
// skips that).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineMemory, respawnFlags } from '../dist/cli/node-flags.js';

function flagsToAdd() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return respawnFlags(given, machineMemory());
}

/**
 * Standard output that cannot be written (a full disk, a closed pipe) is not a netreach bug: a
 * reader that stopped early (`| head`) ends the run quietly with the code so far; any other
 * failure is one line and exit 2, as for --output, never a stack trace and never exit 1 (which
 * --fail-on gives to "something was found").
 */
function watchStandardOutput(exitBadInput) {
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    try {
      process.stderr.write(`netreach: cannot write the output to standard output: ${err.code ?? err.message}\n`);
    } finally {
      process.exit(exitBadInput);
    }
  });
}

async function runHere() {
  const { EXIT_BAD_INPUT, EXIT_INTERNAL, main } = await import('../dist/cli/main.js');
  watchStandardOutput(EXIT_BAD_INPUT);
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    // Bad input is handled inside main; anything reaching here is a netreach bug.
    process.stderr.write(`netreach: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runRespawned(flags) {
  // A signal meant for netreach (a CI job cancelled, `kill PID`) reaches the process doing the
  // work. Listening before the start, so that one arriving while node starts is not lost.
  let child = null;
  const forward = (signal) => child?.kill(signal);
  const stopForwarding = () => {
    for (const signal of FORWARDED) process.off(signal, forward);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
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

const flags = process.env.NETREACH_NO_RESPAWN === undefined ? flagsToAdd() : [];
if (flags.length > 0) runRespawned(flags);
else await runHere();
