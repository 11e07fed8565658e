/**
 * `ratsdeck pdf [paths...]`: build the HTML and print both PDFs, `<deck>.pdf` (the slides, one
 * 16:9 page each) and `<deck>-handout.pdf` (A4 for committee members), next to it in
 * out/<deck>/. The same as `ratsdeck build --pdf`.
 */
import type { Command } from 'commander';
import { buildAll, type BuildFlags } from './build.js';
import type { CommandContext } from './context.js';
import { addBrowserOptions, addPrintOptions } from './printing.js';

export function registerPdf(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('pdf')
    .description('build decks and print <deck>.pdf (slides) and <deck>-handout.pdf (A4) into out/<deck>/')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'output folder (default: out/ in the project folder)')
    .option('--nonpublic', 'print the non-public version (marked NICHTÖFFENTLICH on every page; files *-nichtoeffentlich)')
    .option('--theme <name>', 'use this theme instead of the deck\'s: stadt, kontrast, nacht or a .css file');
  addPrintOptions(cmd).action(async (paths: string[], flags: BuildFlags) => {
    await buildAll(paths, { ...flags, pdf: true }, ctx);
  });
}

/** `ratsdeck pptx [paths...]`: build the HTML and write <deck>.pptx next to it. */
export function registerPptx(program: Command, ctx: CommandContext): void {
  program
    .command('pptx')
    .description('build decks and write <deck>.pptx (PowerPoint: editable text, tables, charts, notes) into out/<deck>/')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'output folder (default: out/ in the project folder)')
    .option('--nonpublic', 'the non-public version (marked NICHTÖFFENTLICH on every slide; file *-nichtoeffentlich.pptx)')
    .option('--theme <name>', 'use this theme instead of the deck\'s: stadt, kontrast, nacht or a .css file')
    .option('--draft', 'mark every slide ENTWURF')
    .action(async (paths: string[], flags: BuildFlags) => {
      await buildAll(paths, { ...flags, pptx: true, handout: false }, ctx);
    });
}

/** `ratsdeck png [paths...]`: build the HTML and take one PNG per slide into out/<deck>/png/. */
export function registerPng(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('png')
    .description('build decks and write one 1920×1080 PNG per slide into out/<deck>/png/ (01.png, 02.png, …)')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'output folder (default: out/ in the project folder)')
    .option('--nonpublic', 'the non-public version (marked NICHTÖFFENTLICH on every slide)')
    .option('--theme <name>', 'use this theme instead of the deck\'s: stadt, kontrast, nacht or a .css file');
  addBrowserOptions(cmd).action(async (paths: string[], flags: BuildFlags) => {
    await buildAll(paths, { ...flags, png: true, handout: false }, ctx);
  });
}
