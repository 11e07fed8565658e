/** `ratsdeck build`: flags in, buildProject (src/usecases/build.ts) called, exit codes out. */
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { BuildResult } from '../pipeline.js';
import type { CommandContext } from './context.js';
import { DEFAULT_TIMEOUT_S, addPrintOptions, pdfSettings, type PrintFlags } from './printing.js';
import { secondsToMs } from './flags.js';

export interface BuildFlags extends PrintFlags {
  out?: string;
  singleFile?: boolean;
  nonpublic?: boolean;
  json?: boolean;
  theme?: string;
  /** Also print the slides and handout PDFs. */
  pdf?: boolean;
  /** Also write <deck>.pptx. */
  pptx?: boolean;
  /** Also write png/01.png … (one per slide). */
  png?: boolean;
  /** Run `ratsdeck check`'s checks on the output; --strict: warnings fail too. */
  check?: boolean;
  strict?: boolean;
}

/** Builds (and with --pdf prints) the decks; sets exit 3 for invalid decks, 6 for PDFs that failed. */
export async function buildAll(paths: string[], flags: BuildFlags, ctx: CommandContext): Promise<BuildResult[]> {
  // Loaded when the command runs, so that other commands (and --help) do not pay for it (issue 15).
  const { buildProject } = await import('../usecases/build.js');
  const result = await buildProject(paths, {
    cwd: ctx.io.cwd,
    reporter: ctx.out,
    audience: flags.nonpublic ? 'nonpublic' : 'public',
    ...(flags.out ? { outDir: flags.out } : {}),
    ...(flags.singleFile ? { singleFile: true } : {}),
    ...(flags.theme ? { theme: flags.theme } : {}),
    ...(flags.draft ? { draft: true } : {}),
    // The handout document is rendered for the PDF, or when a layout is asked for explicitly.
    ...(flags.handout !== undefined && (flags.pdf || flags.handout !== false) ? { handout: flags.handout } : {}),
    ...(flags.pdf ? { pdf: pdfSettings(flags, ctx) } : {}),
    ...(flags.png ? { png: pdfSettings(flags, ctx) } : {}),
    ...(flags.pptx ? { pptx: true } : {}),
  });
  if (result.failed.length) ctx.setExit(ExitCode.INVALID_DATA);
  if (result.pdfs?.failed.length) ctx.setExit(ExitCode.PRINT);
  return result.built;
}

export function registerBuild(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('build')
    .description('build reveal.js decks into out/<deck>/ (public audience unless --nonpublic)')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'output folder (default: out/ in the project folder)')
    .option('--single-file', 'write one self-contained <deck>.html with everything inlined')
    .option('--nonpublic', 'build the non-public version (marked NICHTÖFFENTLICH; output *-nichtoeffentlich)')
    .option('--theme <name>', 'use this theme instead of the deck\'s: stadt, kontrast, nacht or a .css file')
    .option('--pdf', 'also print <deck>.pdf (slides) and <deck>-handout.pdf (A4) next to the HTML')
    .option('--pptx', 'also write <deck>.pptx (PowerPoint, editable) next to the HTML')
    .option('--png', 'also write png/01.png, png/02.png, … (one 1920×1080 picture per slide)')
    .option('--check', 'check the output like `ratsdeck check` (exit 3 on errors)')
    .option('--strict', 'with --check: warnings fail the build too');
  addPrintOptions(cmd).action(async (paths: string[], flags: BuildFlags) => {
    const results = await buildAll(paths, flags, ctx);
    if (!flags.check) return;
    const { checkBuiltDecks } = await import('../usecases/check.js');
    const summary = await checkBuiltDecks(results, {
      cwd: ctx.io.cwd,
      reporter: ctx.out,
      env: ctx.io.env,
      timeoutMs: secondsToMs(flags.timeout ?? DEFAULT_TIMEOUT_S),
      ...(flags.browser ? { browser: flags.browser } : {}),
      ...(flags.strict ? { strict: true } : {}),
    });
    if (!summary.ok) ctx.setExit(ExitCode.INVALID_DATA);
  });
}
