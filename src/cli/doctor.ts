/**
 * `ratsdeck doctor`: what a user (or whoever supports them) needs to know when PDFs do not
 * come out. Flags in, runDoctor (src/usecases/doctor.ts) called, the report printed. Exit 0
 * when a browser works, 5 when none is found or it fails to start.
 */
import type { Command } from 'commander';
import { BROWSER_NAMES, formatMs } from '../browser/index.js';
import { ExitCode } from '../errors.js';
import type { DoctorReport } from '../usecases/doctor.js';
import type { CommandContext } from './context.js';
import { parseSeconds, secondsToMs } from './flags.js';

export const SEARCH_ORDER_HELP = `
Where ratsdeck looks for a browser, in this order:
  1. --browser PATH, or browser: in ratsdeck.yaml (relative to that file)
  2. the environment variables RATSDECK_BROWSER, PUPPETEER_EXECUTABLE_PATH, CHROME_PATH
  3. the usual install folders of Chromium, Google Chrome and Microsoft Edge
     (Windows: %PROGRAMFILES%, %PROGRAMFILES(X86)%, %LOCALAPPDATA%; macOS: /Applications, ~/Applications)
  4. on PATH: ${BROWSER_NAMES.join(', ')}
A browser named in 1. or by RATSDECK_BROWSER is used or fails; it is never replaced by another.
Set RATSDECK_NO_SANDBOX=1 to start it without its sandbox (added automatically as root or in a container).`;


export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('check Node, the browser for PDFs, fonts and the project; exit 5 when no browser works')
    .option('--browser <path>', 'use this Chromium, Chrome or Edge')
    .option('--json', 'print the report as JSON on stdout')
    .option('--timeout <seconds>', 'how long starting the browser may take, in seconds (default: 60)', (v: string) => secondsToMs(parseSeconds(v)))
    .addHelpText('after', SEARCH_ORDER_HELP)
    .action(async (opts: { browser?: string; json?: boolean; timeout?: number }) => {
      const { runDoctor } = await import('../usecases/doctor.js');
      const report = await runDoctor({ ...opts, timeout: opts.timeout ?? 60_000, env: ctx.io.env, cwd: ctx.io.cwd });
      if (opts.json) ctx.out.data(JSON.stringify(report, null, 2));
      else printReport(report, ctx);
      if (!report.browser.works) {
        ctx.out.error(report.browser.error ?? 'no working browser', report.browser.hint);
        ctx.setExit(ExitCode.BROWSER);
      }
    });
}

function printReport(r: DoctorReport, ctx: CommandContext): void {
  const line = (k: string, v: string) => ctx.out.info(`${k.padEnd(9)} ${v}`);
  line('node', `${r.node.version} (${r.node.ok ? 'ok' : 'too old'}, ratsdeck needs ${r.node.required})`);
  if (r.browser.found) {
    line('browser', `${r.browser.path} (found via ${r.browser.how})`);
    if (r.browser.works) {
      line('version', `${r.browser.version}${r.browser.launchMs !== undefined ? ` (started in ${formatMs(r.browser.launchMs)})` : ''}`);
    } else line('version', 'unknown: the browser did not start (see below)');
  } else line('browser', 'none found (see below)');
  line('sandbox', r.sandbox.noSandbox ? `off: --no-sandbox (${r.sandbox.reason})` : `on (${r.sandbox.reason})`);
  const fc = r.fonts.fcList;
  line(
    'fonts',
    fc.available
      ? fc.count !== undefined
        ? `fc-list: ${fc.count} fonts installed`
        : `fc-list failed: ${fc.error ?? 'unknown error'}`
      : 'fc-list not found (fine on Windows and macOS)',
  );
  for (const t of r.fonts.theme) line('', `${t.package}: ${t.present ? 'ok' : 'missing'}`);
  const p = r.project;
  if (!p.found) line('project', `no ratsdeck.yaml in ${p.root} or above`);
  else if (p.error) line('project', `${p.root}: ${p.error}`);
  else line('project', `${p.root} (${p.decks} deck file${p.decks === 1 ? '' : 's'})`);

  for (const t of r.browser.tried) if (t.includes('skipped')) ctx.out.warn(t);
  if (!r.node.ok) ctx.out.warn(`Node ${r.node.version} is older than ratsdeck needs (${r.node.required}); install a newer Node LTS`);
  for (const t of r.fonts.theme) {
    if (!t.present) ctx.out.warn(`theme font file themes/${t.package} is missing; reinstall ratsdeck`);
  }
}
