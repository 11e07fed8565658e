#!/usr/bin/env node
// The only place that sets the process exit code (see src/errors.ts for the table).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ratsdeck: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
