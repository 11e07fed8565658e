import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BUILTIN_THEMES } from '../model/schema.js';
import { didYouMean } from '../model/raw.js';
import { buildBatch, writeArchiveFor } from '../build.js';
import type { Lang } from '../render/i18n.js';
import { outputNamesFor } from '../model/outputs.js';
import { ExitCode, RatsdeckError, type Problem } from '../errors.js';
import type { BuildResult } from '../pipeline.js';
import { findProject, resolveDeckPaths } from '../project/project.js';
import type { CommandContext } from './context.js';
import { addPrintOptions, handoutLayout, printAll, type PrintFlags } from './printing.js';
import { checkAfterBuild } from './check.js';

export interface BuildFlags extends PrintFlags {
  out?: string;
  singleFile?: boolean;
  nonpublic?: boolean;
  json?: boolean;
  theme?: string;
  /** Also print the slides and handout PDFs (see printing.ts). */
  pdf?: boolean;
  /** Run `ratsdeck check`'s checks on the output (check.ts); --strict: warnings fail too. */
  check?: boolean;
  strict?: boolean;
}

function rel(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/**
 * Builds decks one after another; reports every problem; returns the results that built. With
 * `pdf`, all HTML is built first, then the PDFs are printed with one shared browser.
 */
/** --theme: a built-in theme, or a .css file (relative to the working folder). A wrong value is a usage error. */
function themeFlag(theme: string, cwd: string): string {
  if ((BUILTIN_THEMES as readonly string[]).includes(theme)) return theme;
  if (/\.css$/i.test(theme) && existsSync(resolve(cwd, theme))) return resolve(cwd, theme);
  const guess = didYouMean(theme, BUILTIN_THEMES);
  throw new RatsdeckError(`--theme ${theme}: no such theme`, {
    exitCode: ExitCode.USAGE,
    hint: `${guess ? `did you mean "${guess}"? ` : ''}use ${BUILTIN_THEMES.join(', ')}, or the path of a .css file`,
  });
}

export async function buildAll(paths: string[], flags: BuildFlags, ctx: CommandContext): Promise<BuildResult[]> {
  const theme = flags.theme ? themeFlag(flags.theme, ctx.io.cwd) : undefined;
  if (flags.pdf && flags.singleFile) {
    throw new RatsdeckError('--single-file and PDFs do not go together', {
      exitCode: ExitCode.USAGE,
      hint: 'PDFs are printed from the deck folder; build the single file in a second run',
    });
  }
  // The handout document is rendered for the PDF, or when a layout is asked for explicitly.
  const handout = flags.pdf || typeof flags.handout === 'string' ? handoutLayout(flags) : false;
  const files = resolveDeckPaths(paths, ctx.io.cwd);
  const printed = new Set<string>();
  const printProblems = (problems: Problem[]) => {
    for (const p of problems) {
      const k = `${p.file}:${p.line}:${p.col}:${p.message}`;
      if (printed.has(k)) continue;
      printed.add(k);
      ctx.out.problem(p);
    }
  };
  const audience = flags.nonpublic ? 'nonpublic' : 'public';
  const batch = await buildBatch(
    files,
    {
      audience,
      ...(flags.out ? { outDir: flags.out } : {}),
      ...(flags.singleFile ? { singleFile: true } : {}),
      ...(theme ? { theme } : {}),
      ...(flags.draft ? { draft: true } : {}),
      ...(handout ? { handout } : {}),
    },
    {
      onDeck: (r, ms) => {
        printProblems(r.problems);
        if (r.skipped) {
          ctx.out.info(`skipped ${rel(ctx.io.cwd, r.file)}: ${r.skipped}`);
          return;
        }
        if (r.frozen) ctx.out.info(`  ${r.id}: built from its snapshot ${rel(ctx.io.cwd, r.frozen)} (frozen after the session)`);
        const removed = r.selection?.removed ?? [];
        if (removed.length) {
          // Name ids only, never content: stderr can end up in CI logs.
          const ids = removed.filter((x) => x.id).map((x) => x.id);
          ctx.out.info(
            `  ${r.id}: left out ${removed.length} non-public item${removed.length === 1 ? '' : 's'}${ids.length ? ` (${ids.join(', ')})` : ''}`,
          );
        }
        for (const f of r.manifest!.removed) {
          ctx.out.info(`  removed ${rel(ctx.io.cwd, join(r.manifest!.path, f))}: printed from an earlier version of the deck (print it again with ratsdeck pdf)`);
        }
        ctx.out.info(
          `wrote ${rel(ctx.io.cwd, r.manifest!.path)}${flags.singleFile ? '' : `/${outputNamesFor(r.outputId).deck}`} (${r.rendered!.slides.length} slides, ${ms} ms)`,
        );
      },
      onFailed: (_file, err) => {
        printProblems(err.problems);
        ctx.out.error(err.message);
        ctx.setExit(ExitCode.INVALID_DATA);
      },
    },
  );
  for (const c of batch.changes) {
    if (c.action === 'unchecked') ctx.out.warn(`${rel(ctx.io.cwd, c.path)} was left as it is: ${c.why}`);
    else ctx.out.info(`${c.action} ${rel(ctx.io.cwd, c.path)}: ${c.why}`);
  }
  const results = batch.results.filter((r) => !r.skipped);
  const built = results.length;
  const failed = batch.failed.length;
  ctx.out.info(
    `built ${built} of ${files.length} deck${files.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}` +
      (built ? ` → ${rel(ctx.io.cwd, results[0]!.outDir!)}` : ''),
  );
  if (flags.pdf && built) await printAll(results, flags, ctx);
  // Last, so the archive links the PDFs just printed; also when every deck was removed from it.
  const outDirs = new Map<string, BuildResult>();
  for (const r of batch.results) if (r.outDir && !outDirs.has(r.outDir)) outDirs.set(r.outDir, r);
  for (const [outDir, first] of outDirs) {
    const deck = results.find((r) => r.outDir === outDir)?.deck ?? first.deck;
    const archive = writeArchiveFor(outDir, findProject(first.file).root, audience, {
      lang: (deck?.lang ?? 'de') as Lang,
      ...(deck?.body?.name ? { city: deck.body.name } : {}),
      ...(deck?.body?.color ? { colour: deck.body.color } : {}),
    });
    ctx.out.info(`wrote ${rel(ctx.io.cwd, archive)} (session archive)`);
  }
  return results;
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
    .option('--check', 'check the output like `ratsdeck check` (exit 3 on errors)')
    .option('--strict', 'with --check: warnings fail the build too');
  addPrintOptions(cmd).action(async (paths: string[], flags: BuildFlags) => {
    const out = flags.out ? relativeToCwd(flags.out, ctx.io.cwd) : undefined;
    const results = await buildAll(paths, { ...flags, ...(out ? { out } : {}) }, ctx);
    if (flags.check) await checkAfterBuild(results, flags, ctx);
  });
}

function relativeToCwd(p: string, cwd: string): string {
  return resolve(cwd, p);
}
