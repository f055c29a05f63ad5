#!/usr/bin/env node
import { EXIT_INTERNAL, main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Bad input is handled inside main; anything reaching here is a netreach bug.
    process.stderr.write(`netreach: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_INTERNAL;
  },
);
