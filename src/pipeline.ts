/**
 * The pipeline composed without argv: the programmatic API (`import { validate } from 'ratsdeck'`)
 * and the CLI both use these functions. They throw RatsdeckError; they never exit.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isNonpublicDeck, selectForAudience, type Audience, type SelectionReport, type SnapshotSource } from './audience/index.js';
import { InvalidDataError, type Problem, type SourcePos } from './errors.js';
import { displayPath } from './paths.js';
import { cacheFolderName, deckIdProblem, outputIdFor, outputNamesFor } from './model/outputs.js';
import { diskStore, withDerivedCache, type DiskStore } from './output/cache.js';
import { snapshotOf } from './model/snapshot.js';
export { outputIdFor };
import { dataDigest, recordBuild } from './output/builds.js';
import type { WrittenDeck } from './output/deck.js';
import { NONPUBLIC_RECORD_FILE, OutputRoot, type BuildSettings } from './output/root.js';
import type { ValidDeck } from './model/schema.js';
import { validateDeck } from './model/validate.js';
import { slideEmpty, slideSnapshot } from './slides/index.js';
import type { ParseStore, PathSeg } from './data/yaml.js';
import type { RawDeck } from './model/raw.js';
import { findProject, loadDeck, type LoadDeckOptions, type Project } from './project/project.js';
import { loadSnapshotFor, snapshotPath } from './project/sessions.js';
import type { HandoutLayout, RenderedDeck } from './render/render.js';
export { NONPUBLIC_SUFFIX } from './model/outputs.js';
import { version } from './version.js';

/** Paths in problem messages, as people see them from where the process runs. */
const relativeTo = (p: string) => displayPath(p, process.cwd());

export interface DeckResult {
  file: string;
  id: string;
  project: Project;
  deck?: ValidDeck;
  /** The loaded values with their source positions (for messages about them). */
  raw?: RawDeck;
  extraData: Record<string, unknown>;
  locateExtra?: ((path: readonly PathSeg[]) => SourcePos | undefined) | undefined;
  /** Today's project data without the deck file (ratsdeck.yaml, _data/). */
  projectData?: Record<string, unknown>;
  /** The files the deck's data came from and the top-level keys each sets. */
  sources?: { file: string; keys: string[] }[];
  problems: Problem[];
}

/** Loads and validates one deck file. Problems (errors and warnings) are returned, not thrown. */
export function loadAndValidate(
  file: string,
  project: Project = findProject(file),
  /** `store: null`: no kept parses (a build whose output folder keeps none); undefined: the default output folder's. */
  opts: Omit<LoadDeckOptions, 'store'> & { store?: ParseStore | null } = {},
): DeckResult {
  // The parses a build kept in the default output folder, when there is one (read only: never flushed here).
  const { store: given, ...rest } = opts;
  const store = given === undefined ? parseStore(defaultOutDir(project), false) : given;
  const loaded = loadDeck(file, project, { ...rest, ...(store ? { store } : {}) });
  const id = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  const bad = deckIdProblem(id);
  if (bad) {
    // The id names the output folder: a bad one could point anywhere (issue 9).
    loaded.problems.unshift({
      file: resolve(file),
      line: 1,
      col: 1,
      path: '',
      code: 'deck-id',
      message: `the file name cannot be a deck id: ${bad}`,
      hint: 'rename the file: its name (without .yaml) is the deck id and names its output, e.g. 2021-05-hfa.yaml',
      severity: 'error',
    });
  }
  if (!loaded.raw) {
    return { file, id, project, extraData: loaded.extraData, problems: loaded.problems };
  }
  const result = validateDeck(loaded.raw);
  // A spreadsheet cell that could not be read is already an error; what validation says about
  // its absence (a required title) would only repeat it.
  const unread = loaded.unread ?? [];
  const about = (p: Problem) => unread.some((u) => p.path === u || p.path.startsWith(`${u}.`) || p.path.startsWith(`${u}[`));
  const problems = [...loaded.problems, ...(unread.length ? result.problems.filter((p) => !about(p)) : result.problems)];
  if (result.deck) {
    // A slide that compares with an earlier session (`changes`) needs its frozen snapshot.
    const raw = loaded.raw;
    result.deck.slides.forEach((s, i) => {
      const need = slideSnapshot(s, result.deck!);
      if (!need) return;
      const since = need.deck;
      const at = raw.locate(['slides', i, ...need.path]);
      if (!since) {
        problems.push({ ...at, path: `slides[${i}]`, message: `a ${s.type} slide needs the earlier deck: set predecessor: at the top of the deck or since: on the slide`, severity: 'error' });
        return;
      }
      const pub = snapshotPath(project, since, 'public');
      const found = loadSnapshotFor(project, since, 'nonpublic');
      if (!found.file) {
        problems.push({
          ...at,
          path: `slides[${i}]`,
          code: 'no-snapshot',
          message: `no snapshot of "${since}" (${relativeTo(pub)})`,
          hint: `after that session, run: ratsdeck freeze ${relativeTo(join(dirname(raw.file), `${since}.yaml`))}`,
          severity: 'error',
        });
      } else problems.push(...found.problems);
    });
  }
  if (result.deck && !problems.some((p) => p.severity === 'error')) problems.push(...emptySlideProblems(result.deck, loaded.raw));
  const hasError = problems.some((p) => p.severity === 'error');
  const out: DeckResult = { file: loaded.raw.file, id: loaded.raw.id, project, raw: loaded.raw, extraData: loaded.extraData, locateExtra: loaded.locateExtra, ...(loaded.projectValue ? { projectData: loaded.projectValue } : {}), ...(loaded.sources ? { sources: loaded.sources } : {}), problems };
  if (result.deck && !hasError) out.deck = result.deck;
  return out;
}

/**
 * A slide with nothing to show (a selection that matches nothing, no data of its kind) is a
 * warning at its line: it used to be dropped or shown empty without a word (issue 11).
 */
function emptySlideProblems(deck: ValidDeck, raw: RawDeck): Problem[] {
  return deck.slides.flatMap((s, i) => {
    const why = slideEmpty(s, deck);
    if (!why) return [];
    return [{ ...raw.locate(['slides', i]), path: `slides[${i}]`, code: 'empty-slide', severity: 'warning' as const, message: `${s.type} slide: ${why.message}`, hint: why.hint }];
  });
}

/**
 * After selection: a slide that shows something with all the data but nothing in this build
 * (everything it would show is non-public, or not in the frozen snapshot) is a warning that
 * says so and nothing of what was left out; and a build with no slide at all is refused.
 */
function builtSlideProblems(loaded: DeckResult, selected: ValidDeck, rendered: RenderedDeck, report: SelectionReport, audience: Audience): Problem[] {
  const full = loaded.deck!;
  const raw = loaded.raw!;
  const out: Problem[] = [];
  selected.slides.forEach((s, j) => {
    const i = report.slides?.[j] ?? j;
    const before = full.slides[i];
    if (!before || slideEmpty(before, full) || !slideEmpty(s, selected)) return;
    const what = audience === 'public' ? 'the public build' : 'this build from its snapshot';
    out.push({
      ...raw.locate(['slides', i]),
      path: `slides[${i}]`,
      code: 'empty-in-build',
      severity: 'warning',
      message: `${s.type} slide: shows nothing in ${what}`,
      hint:
        audience === 'public'
          ? 'all it would show is marked public: false; mark the slide public: false too, so that the public deck leaves it out'
          : 'it shows nothing with the data recorded when the session was frozen (_sessions/); remove the slide or change its selection',
    });
  });
  if (rendered.slides.length === 0) {
    const allHidden = audience === 'public' && full.slides.every((s) => s.public === false);
    out.push({
      ...raw.locate(['slides'], 'key'),
      path: 'slides',
      code: 'no-slides',
      severity: 'error',
      message: allHidden ? 'every slide is marked public: false, so the public build has no slide' : `no slide has anything to show, so ${audience === 'public' ? 'the public build' : 'the build'} has no slide`,
      hint: allHidden
        ? 'if the whole item is non-public, set session.public: false and build it with --nonpublic; otherwise make a slide public'
        : 'see the warnings about the slides; add a slide that shows something, e.g. "- type: title"',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building



export interface BuildOptions {
  /** Output folder (default: out/ in the project folder). */
  outDir?: string;
  audience?: Audience;
  singleFile?: boolean;
  /** The day the timeline marks as today (default: the session date). */
  today?: string;
  draft?: boolean;
  /** Overrides the deck's theme (a built-in name or a .css path relative to the project). */
  theme?: string;
  /** Also write handout.html in this layout (for the PDF handout). */
  handout?: HandoutLayout;
  /** false: render only and write nothing (`ratsdeck serve` keeps the result in memory). */
  write?: boolean;
}

/** Why a deck is not built for an audience: `nonpublic-session`: its session is non-public and the build is public. */
export type BuildSkipReason = 'nonpublic-session';

export interface BuildResult {
  file: string;
  id: string;
  /** The id with the audience suffix: the name of the output folder and files. */
  outputId: string;
  audience: Audience;
  problems: Problem[];
  /** Why the deck was not built for this audience, in words for people (see `skipReason`). */
  skipped?: string;
  /** The same as a code, for code that decides on it (serve words it for the preview). */
  skipReason?: BuildSkipReason;
  rendered?: RenderedDeck;
  manifest?: WrittenDeck;
  /** The output folder it was written into. */
  outDir?: string;
  selection?: SelectionReport;
  deck?: ValidDeck;
  /** The snapshot the deck's data came from, when the session was frozen. */
  frozen?: string;
  /**
   * The loaded deck with its source positions, for checks that point at the YAML
   * (`ratsdeck check` uses it instead of loading the deck a second time).
   */
  source?: { raw: RawDeck; extraData: Record<string, unknown>; locateExtra?: DeckResult['locateExtra'] };
}


export function defaultOutDir(project: Project): string {
  return join(project.root, 'out');
}

/**
 * Where the YAML parses of a project are kept between runs: beside the derived results in the
 * output folder, in the non-public cache, since a parse holds all the data, non-public items
 * included. Used only where a non-public build has written its output (its record is there);
 * such a build may make the folder (`create`). An output folder that only public builds wrote
 * to holds nothing that is not public, and keeps no parse: a non-public cache folder left by a
 * non-public build that failed does not count.
 */
function parseStore(outDir: string, create: boolean): DiskStore | undefined {
  if (!create && !existsSync(join(outDir, NONPUBLIC_RECORD_FILE))) return undefined;
  return diskStore(join(outDir, cacheFolderName('nonpublic')), { create });
}

/**
 * Loads, validates, selects the audience, renders and writes one deck. Invalid data throws
 * InvalidDataError (exit 3) with every problem; nothing is written then.
 */
export async function buildDeck(file: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const audience = opts.audience ?? 'public';
  const project = findProject(file);
  const store = parseStore(resolve(opts.outDir ?? defaultOutDir(project)), audience === 'nonpublic' && opts.write !== false);
  const loaded = loadAndValidate(file, project, { store: store ?? null });
  if (!loaded.deck) throw new InvalidDataError(loaded.problems, `${loaded.id}: invalid deck data, nothing written`);
  const outputId = outputIdFor(loaded.id, audience);
  const outDir = resolve(opts.outDir ?? defaultOutDir(loaded.project));
  const base: BuildResult = { file: loaded.file, id: loaded.id, outputId, audience, problems: loaded.problems, ...(opts.write === false ? {} : { outDir }) };
  if (audience === 'public' && isNonpublicDeck(loaded.deck)) {
    return { ...base, skipped: 'the session is non-public (session.public: false); build it with --nonpublic', skipReason: 'nonpublic-session' };
  }
  const chosen = opts.theme ? { ...loaded.deck, theme: opts.theme } : loaded.deck;
  const root = opts.write === false ? undefined : OutputRoot.open(outDir, loaded.project.root);
  // What earlier builds of this output were made from (for `ratsdeck freeze`).
  const earlier = root?.entry(opts.singleFile ? outputNamesFor(outputId).singleFile : outputId)?.builds ?? [];
  const generator = `ratsdeck ${version()}`;
  // What this audience may see: data, snapshots, changes and custom data (src/audience/).
  const { deck, extraData, changes, report, frozen, problems, recorded } = selectForAudience({
    id: loaded.id,
    audience,
    deck: chosen,
    raw: loaded.raw,
    projectData: loaded.projectData,
    extraData: loaded.extraData,
    locateExtra: loaded.locateExtra,
    snapshot: (id) => snapshotFor(loaded, id, audience),
    generator,
    problems: loaded.problems,
    recorded: earlier.map((b) => b.snapshot),
  });
  base.problems.push(...problems);
  // What the build derives at a cost (sanitised SVGs, charts) is kept in the output folder.
  const cacheDir = root ? join(outDir, cacheFolderName(audience)) : undefined;
  // Rendering and writing load their libraries when a deck is built, not when one is validated.
  const [{ renderDeck }, { writeDeckFolder, writeSingleFile }] = await Promise.all([import('./render/render.js'), import('./output/deck.js')]);
  const rendered = await withDerivedCache(cacheDir, () => renderDeck(deck, {
    id: loaded.id,
    projectRoot: loaded.project.root,
    nonpublic: audience === 'nonpublic',
    extraData,
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.handout ? { handout: opts.handout } : {}),
    ...(changes ? { changes } : {}),
    ...(report.slides ? { slideSources: report.slides } : {}),
  }));
  const slideProblems = builtSlideProblems(loaded, deck, rendered, report, audience);
  base.problems.push(...slideProblems);
  if (slideProblems.some((p) => p.severity === 'error')) throw new InvalidDataError(base.problems, `${loaded.id}: no slide to show, nothing written`);
  const source = { raw: loaded.raw!, extraData: loaded.extraData, locateExtra: loaded.locateExtra };
  if (!root) return { ...base, rendered, selection: report, deck, source, ...(frozen ? { frozen: frozen.file } : {}) };
  const kept = earlier.flatMap((b, i) => {
    const s = recorded?.[i];
    return s ? [{ ...b, snapshot: s, digest: dataDigest(s) }] : [];
  });
  const built = snapshotOf(deck, loaded.id, audience, generator);
  const builds = recordBuild(kept, built, new Date(), built.date);
  const settings: BuildSettings = {
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.handout ? { handout: opts.handout } : {}),
    ...(opts.today ? { today: opts.today } : {}),
  };
  const manifest = withDerivedCache(cacheDir, () =>
    opts.singleFile ? writeSingleFile(root, rendered, loaded.file, settings, builds) : writeDeckFolder(root, rendered, loaded.file, settings, builds),
  );
  // The parses are kept once the output is written, not before (the folder may be made only now).
  store?.flush();
  return { ...base, rendered, manifest, selection: report, deck, source, ...(frozen ? { frozen: frozen.file } : {}) };
}

/** A deck's snapshot as this audience's build reads it (_sessions/), or undefined when there is none. */
function snapshotFor(loaded: DeckResult, deckId: string, audience: Audience): SnapshotSource | undefined {
  const snap = loadSnapshotFor(loaded.project, deckId, audience);
  if (!snap.file) return undefined;
  if (!snap.snapshot || !snap.locate) {
    throw new InvalidDataError(snap.problems, deckId === loaded.id ? `${loaded.id}: its snapshot cannot be read` : `${loaded.id}: the snapshot of "${deckId}" cannot be read`);
  }
  return { snapshot: snap.snapshot, file: snap.file, locate: snap.locate };
}
