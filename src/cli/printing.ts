/**
 * The flags `build --pdf` and `pdf` share, and what they mean for buildProject's `pdf` and
 * `handout` options (src/usecases/build.ts).
 */
import { Option, type Command } from 'commander';
import { HANDOUT_LAYOUTS, type HandoutLayout } from '../render/layouts.js';
import type { PdfSettings } from '../usecases/build.js';
import { DEFAULT_JOBS } from '../render/layouts.js';
import type { CommandContext } from './context.js';
import { parseJobs, parseLayout, parseSeconds, secondsToMs } from './flags.js';

export const DEFAULT_TIMEOUT_S = 60;

export interface PrintFlags {
  /** A layout, or false for --no-handout; undefined: the default layout. */
  handout?: HandoutLayout | false;
  /** false for --no-slides. */
  slides?: boolean;
  draft?: boolean;
  browser?: string;
  /** Seconds. */
  timeout?: number;
  jobs?: number;
}

/** The options `build --pdf` and `pdf` share. */
export function addPrintOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--handout <layout>', `handout layout: ${HANDOUT_LAYOUTS.join(', ')} (slides per A4 page; notes: one slide with its notes)`).argParser(
        parseLayout,
      ),
    )
    .option('--no-handout', 'no handout PDF')
    .option('--no-slides', 'no slides PDF')
    .option('--draft', 'mark every slide and handout page ENTWURF, "Entwurf" in the titles; files <deck>-entwurf.pdf, <deck>-handout-entwurf.pdf')
    .option('--browser <path>', 'print with this Chromium, Chrome or Edge')
    .addOption(
      new Option('--timeout <seconds>', 'how long starting the browser, and each step (load, print), may take').argParser(parseSeconds).default(DEFAULT_TIMEOUT_S),
    )
    .addOption(new Option('--jobs <n>', 'PDFs printed at the same time (one shared browser)').argParser(parseJobs).default(DEFAULT_JOBS));
}

/** The browser flags alone (`ratsdeck png`). */
export function addBrowserOptions(cmd: Command): Command {
  return cmd
    .option('--draft', 'mark every slide ENTWURF')
    .option('--browser <path>', 'take the pictures with this Chromium, Chrome or Edge')
    .addOption(
      new Option('--timeout <seconds>', 'how long starting the browser, and each step, may take').argParser(parseSeconds).default(DEFAULT_TIMEOUT_S),
    )
    .addOption(new Option('--jobs <n>', 'decks worked on at the same time (one shared browser)').argParser(parseJobs).default(DEFAULT_JOBS));
}

/** The printing flags as buildProject's `pdf` option. */
export function pdfSettings(flags: PrintFlags, ctx: CommandContext): PdfSettings {
  return {
    ...(flags.slides === false ? { slides: false } : {}),
    ...(flags.browser ? { browser: flags.browser } : {}),
    timeoutMs: secondsToMs(flags.timeout ?? DEFAULT_TIMEOUT_S),
    jobs: flags.jobs ?? DEFAULT_JOBS,
    env: ctx.io.env,
  };
}
