#!/usr/bin/env node
// The only place that sets the process exit code (see src/errors.ts for the table).
// The bundled command line (scripts/bundle.mjs): a command loads only the chunks it uses.
import { main } from '../dist/cli-bundle/main.js';

// A reader that went away (`ratsdeck build 2>&1 | head -1`) is no failure of the command: stop
// writing to it quietly and keep the command's own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED')) return;
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    try {
      process.stderr.write(`ratsdeck: internal error: ${err && err.stack ? err.stack : err}\n`);
    } catch {
      // stderr is gone too.
    }
    process.exitCode = 1;
  },
);
