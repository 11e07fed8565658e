import type { Command } from 'commander';
import { ExitCode, RatsdeckError } from '../errors.js';
import { DEFAULT_HOST, DEFAULT_PORT, isLoopback } from '../serve/http.js';
import type { CommandContext } from './context.js';

export interface ServeFlags {
  port?: string;
  host: string;
  nonpublic?: boolean;
}

/** How many ports after the default 8080 are tried when it is taken. */
const DEFAULT_PORT_FALLBACK = 10;

function parsePort(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 65535) {
    throw new RatsdeckError(`--port ${s}: expected a port number from 0 to 65535`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

/** Resolves on the first SIGINT or SIGTERM; a second one takes its default course (exits). */
function onStopSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  let handler: (sig: NodeJS.Signals) => void = () => {};
  const dispose = () => {
    for (const s of signals) process.off(s, handler);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    handler = (sig) => {
      dispose();
      resolve(sig);
    };
  });
  for (const s of signals) process.on(s, handler);
  return { signal, dispose };
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('preview decks in the browser; rebuilds in memory and reloads open pages on every change (writes nothing to out/)')
    .argument('[deck]', 'a deck file, or a project folder to serve all its decks (default: the project in the current folder)')
    .option(
      '-p, --port <port>',
      `port to listen on (default ${DEFAULT_PORT}; when ${DEFAULT_PORT} is taken the next free port up to ${DEFAULT_PORT + DEFAULT_PORT_FALLBACK} is used and named; ` +
        'a port given with --port must be free, otherwise exit 2; 0 picks any free port)',
    )
    .option('--host <address>', 'address to listen on; other computers can connect only if this is not a loopback address', DEFAULT_HOST)
    .option('--nonpublic', 'preview the non-public version (marked NICHTÖFFENTLICH; pages under /<deck>-nichtoeffentlich/)')
    .addHelpText(
      'after',
      '\nWatches the deck files, ratsdeck.yaml, _data/, _sessions/, templates/, themes/, assets/ and the\n' +
        'images a deck uses, also files and folders created later; saves in place and by rename (git, vim,\n' +
        'sed -i) count alike. An edit with errors is reported here (FILE:LINE:COL) and over the last good\n' +
        'version in the browser. Ctrl-C stops.',
    )
    .action(async (deck: string | undefined, flags: ServeFlags) => {
      const [{ findProject }, { startServer }] = await Promise.all([import('../project/project.js'), import('../serve/server.js')]);
      const port = flags.port === undefined ? DEFAULT_PORT : parsePort(flags.port);
      const target = deck ?? findProject(ctx.io.cwd).root;
      const audience = flags.nonpublic ? 'nonpublic' : 'public';
      if (!isLoopback(flags.host)) {
        ctx.out.warn(
          `listening on ${flags.host}: other computers on the network can open ${audience === 'nonpublic' ? 'the NON-PUBLIC version of ' : ''}these decks`,
        );
      }
      // A Ctrl-C during the first build still stops the server cleanly once it is up.
      const stop = onStopSignal();
      let server;
      try {
        server = await startServer({
          target,
          cwd: ctx.io.cwd,
          host: flags.host,
          port,
          portFallback: flags.port === undefined ? DEFAULT_PORT_FALLBACK : 0,
          audience,
          reporter: ctx.out,
        });
      } catch (err) {
        stop.dispose();
        throw err;
      }
      const decks = server.decks();
      if (decks.length > 1) for (const d of decks) ctx.out.info(`  ${d.id}: ${d.url}`);
      ctx.out.info(`serving ${server.url} — Ctrl-C to stop`);
      const sig = await stop.signal;
      ctx.out.info(`stopping (${sig})`);
      await server.close();
      ctx.setExit(ExitCode.OK);
    });
}
