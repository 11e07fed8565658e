/**
 * One deck as `ratsdeck serve` holds it: load → validate → select → render, like `build`, but
 * the result stays in memory (nothing is written to out/). A failed rebuild keeps the last
 * good version, together with the problems that stopped the new one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Audience } from '../audience/index.js';
import { folderStylesheet } from '../bundle/bundle.js';
import { deckFileBytes, isSvg } from '../bundle/svg.js';
import { InvalidDataError, RatsdeckError, type Problem } from '../errors.js';
import { buildDeck, outputIdFor, type BuildResult } from '../pipeline.js';
import { deckId } from '../project/project.js';

/** What a URL below /<deck>/ answers with: a file read at request time, or text held in memory. */
export type ServedAsset = { kind: 'file'; from: string } | { kind: 'text'; body: string };

export interface GoodBuild {
  html: string;
  title: string;
  slides: number;
  /** Path inside the deck folder (as in out/<deck>/, forward slashes) → what to serve. */
  assets: Map<string, ServedAsset>;
  /** Files outside the templates and data that the build read (images, a project theme). */
  inputs: string[];
  /** Changes when anything the browser would load changes. */
  signature: string;
}

export interface Attempt {
  ok: boolean;
  /** Errors and warnings of this attempt, as `validate` reports them. */
  problems: Problem[];
  /** A failure that is not a data problem (a template or theme error): message and hint. */
  failure?: { message: string; hint?: string };
  /** The deck is not built for this audience (a non-public session in a public preview). */
  skipped?: string;
  build?: GoodBuild;
  /** What the audience selection left out (ids only, never content). */
  removed?: { kind: string; id?: string }[];
  ms: number;
}

export interface BuildDeckOptions {
  audience: Audience;
  today?: string;
}

/** An SVG is served sanitised, as the build writes it (held in memory); other files are read when asked for. */
function served(from: string): ServedAsset {
  return isSvg(from) ? { kind: 'text', body: deckFileBytes(from).toString('utf8') } : { kind: 'file', from };
}

/** The URL segment of a deck: the name `build` gives its output folder. */
export function servedId(file: string, audience: Audience): string {
  return outputIdFor(deckId(file), audience);
}

/**
 * Builds one deck in memory: the same composition as `build` (buildDeck, with frozen
 * snapshots and the changes slide), told to write nothing. Never throws for bad input:
 * problems come back in the attempt.
 */
export async function buildInMemory(file: string, opts: BuildDeckOptions): Promise<Attempt> {
  const started = Date.now();
  const done = (a: Omit<Attempt, 'ms'>): Attempt => ({ ...a, ms: Date.now() - started });
  let result: BuildResult;
  try {
    result = await buildDeck(file, { audience: opts.audience, write: false, ...(opts.today ? { today: opts.today } : {}) });
  } catch (err) {
    if (err instanceof InvalidDataError && err.problems.some((p) => p.severity === 'error')) {
      return done({ ok: false, problems: err.problems });
    }
    if (err instanceof RatsdeckError) {
      return done({
        ok: false,
        problems: err.problems,
        failure: err.hint === undefined ? { message: err.message } : { message: err.message, hint: err.hint },
      });
    }
    // A bug in a stage must not take the preview down; show it like any other failure.
    return done({
      ok: false,
      problems: [],
      failure: {
        message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
        hint: 'please report this with the deck that triggers it',
      },
    });
  }
  if (result.skipped) {
    return done({ ok: false, problems: result.problems, skipped: result.skipped.replace('build it with --nonpublic', 'preview it with --nonpublic') });
  }
  try {
    const rendered = result.rendered!;
    const assets = new Map<string, ServedAsset>();
    const hash = createHash('sha256').update(rendered.html);
    const inputs: string[] = [];
    for (const a of rendered.assets) {
      if (a.kind === 'style') {
        // Resolved now, so that a broken url() in a theme is reported on save, not on request.
        const sheet = folderStylesheet(a);
        for (const f of sheet.files) {
          assets.set(f.to, served(f.from));
          hash.update(`\0${f.to}\0`).update(readFileSync(f.from));
        }
        assets.set(a.to, { kind: 'text', body: sheet.css });
        hash.update(`\0${a.to}\0${sheet.css}`);
      } else {
        assets.set(a.to, served(a.from));
        // Contents, not just names: an edited init.js or font must reload the page too.
        hash.update(`\0${a.to}\0`).update(readFileSync(a.from));
      }
      inputs.push(a.from);
    }
    if (result.frozen) inputs.push(result.frozen);
    return done({
      ok: true,
      problems: result.problems,
      removed: result.selection?.removed ?? [],
      build: {
        html: rendered.html,
        title: rendered.title,
        slides: rendered.slides.length,
        assets,
        inputs,
        signature: hash.digest('hex'),
      },
    });
  } catch (err) {
    const e = err instanceof RatsdeckError ? err : undefined;
    return done({
      ok: false,
      problems: [...result.problems, ...(e?.problems ?? [])],
      failure: {
        message: e ? e.message : `cannot read ${err instanceof Error ? err.message : String(err)}`,
        ...(e?.hint ? { hint: e.hint } : {}),
      },
    });
  }
}
