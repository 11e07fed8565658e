/**
 * `writePptx`: the PowerPoint file of each built deck, next to its HTML in out/<deck>/, made from
 * the same audience-selected slides (src/pptx/deck.ts). No browser: it runs anywhere Node runs.
 */
import { join } from 'node:path';
import { outputNamesFor } from '../model/outputs.js';
import { recordDerived } from '../output/deck.js';
import { OutputRoot } from '../output/root.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import type { BuildResult } from '../pipeline.js';
import { renderPptx } from '../pptx/deck.js';
import { findProject } from '../project/project.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface PptxOptions {
  cwd?: string;
  reporter?: Reporter;
  /** For SOURCE_DATE_EPOCH (reproducible document dates; default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface WrittenPptx {
  file: string;
  slides: number;
  bytes: number;
}

/** Writes out/<outputId>/<outputId>.pptx for every built deck folder. */
export async function writePptx(results: readonly BuildResult[], opts: PptxOptions = {}): Promise<WrittenPptx[]> {
  const report = opts.reporter ?? silentReporter;
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const epoch = env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH) ? new Date(Number(env.SOURCE_DATE_EPOCH) * 1000) : undefined;
  const out: WrittenPptx[] = [];
  for (const r of results) {
    if (r.skipped || !r.rendered || !r.deck || !r.manifest || /\.html?$/i.test(r.manifest.path)) continue;
    const started = performance.now();
    const project = findProject(r.file);
    const leftOut: string[] = [];
    const bytes = await renderPptx(r.rendered, r.deck, {
      projectRoot: project.root,
      ...(epoch ? { date: epoch } : {}),
      onImageLeftOut: (src, slide) => leftOut.push(`slide ${slide}: ${src} is left out`),
    });
    // A draft (--draft, ENTWURF on every slide) is <deck>-entwurf.pptx, as the draft PDFs: it cannot pass for the final file.
    const name = outputNamesFor(r.outputId, { draft: r.rendered.draft }).pptx;
    const file = join(r.manifest.path, name);
    writeFileAtomic(file, bytes, { mkdir: false });
    if (r.outDir) recordDerived(OutputRoot.open(r.outDir, project.root), r.manifest.name, [name], { from: 'slides', digest: r.manifest.digest });
    out.push({ file, slides: r.rendered.views.length, bytes: bytes.length });
    for (const what of leftOut) {
      report.warn(`${name}, ${what}: a WebP picture, which not every PowerPoint shows (ratsdeck puts PNG, JPEG, GIF and SVG in the file; use a PNG or JPEG for it)`);
    }
    report.info(`wrote ${displayPath(file, cwd)} (${r.rendered.views.length} slides, ${Math.round(performance.now() - started)} ms)`);
  }
  return out;
}
