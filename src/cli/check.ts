/**
 * `ratsdeck check [paths…]`: flags in, checkDecks (src/usecases/check.ts) called, the summary
 * as JSON on stdout with --json, exit 3 when the check fails.
 */
import type { Command } from 'commander';
import { TEXT_ERROR_PX, TEXT_WARNING_PX } from '../check/fit.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { HANDOUT_LAYOUTS, type HandoutLayout } from '../render/layouts.js';
import type { CommandContext } from './context.js';
import { parseSeconds, secondsToMs } from './flags.js';
import { DEFAULT_TIMEOUT_S } from './printing.js';

export interface CheckFlags {
  out?: string;
  nonpublic?: boolean;
  strict?: boolean;
  json?: boolean;
  browser?: string;
  /** Seconds per browser step. */
  timeout?: number;
  handout?: string;
  /** Also print the PDFs (into the check's output folder) and check them. */
  pdf?: boolean;
  /** commander's --no-axe */
  axe?: boolean;
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description('build each deck and check it in the browser: fit, text size, accessibility (WCAG 2.1 AA), leaks of non-public data, outside requests, PDFs')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'build into this folder and keep it (default: a temporary folder, removed afterwards)')
    .option('--nonpublic', 'also check the non-public build of each deck')
    .option('--strict', 'warnings fail too (exit 3)')
    .option('--json', 'print the problems as JSON on stdout')
    .option('--handout <layout>', `handout layout to check: ${HANDOUT_LAYOUTS.join(', ')}`, '3')
    .option('--pdf', 'also print the slides and handout PDFs and check them (tagged, language, title, bookmarks, text, pages)')
    .option('--no-axe', 'skip the axe-core accessibility rules (fit, leaks, requests and ratsdeck\'s own rules still run)')
    .option('--browser <path>', 'use this Chromium, Chrome or Edge')
    .option('--timeout <seconds>', `how long each browser step may take (default ${DEFAULT_TIMEOUT_S})`, parseSeconds)
    .addHelpText(
      'after',
      `
Text smaller than ${TEXT_WARNING_PX} px on the 1280×720 slide is a warning, smaller than ${TEXT_ERROR_PX} px an error.
Exit codes: 0 no errors (warnings allowed unless --strict), 3 problems found, 5 no browser, 6 browser failed.`,
    )
    .action(async (paths: string[], flags: CheckFlags) => {
      const handout = flags.handout ?? '3';
      if (!(HANDOUT_LAYOUTS as readonly string[]).includes(handout)) {
        throw new RatsdeckError(`--handout ${flags.handout}: expected one of ${HANDOUT_LAYOUTS.join(', ')}`, { exitCode: ExitCode.USAGE });
      }
      const { checkDecks } = await import('../usecases/check.js');
      const summary = await checkDecks(paths, {
        cwd: ctx.io.cwd,
        reporter: ctx.out,
        env: ctx.io.env,
        handout: handout as HandoutLayout,
        timeoutMs: secondsToMs(flags.timeout ?? DEFAULT_TIMEOUT_S),
        ...(flags.out ? { outDir: flags.out } : {}),
        ...(flags.nonpublic ? { nonpublic: true } : {}),
        ...(flags.strict ? { strict: true } : {}),
        ...(flags.pdf ? { pdf: true } : {}),
        ...(flags.axe === false ? { axe: false } : {}),
        ...(flags.browser ? { browser: flags.browser } : {}),
      });
      if (flags.json) ctx.out.data(JSON.stringify(summary, null, 2));
      ctx.setExit(summary.ok ? ExitCode.OK : ExitCode.INVALID_DATA);
    });
}
