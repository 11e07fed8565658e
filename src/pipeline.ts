/**
 * The pipeline composed without argv: the programmatic API (`import { validate } from 'ratsdeck'`)
 * and the CLI both use these functions. They throw RatsdeckError; they never exit.
 */
import { dirname, join, resolve } from 'node:path';
import { isNonpublicDeck, selectAudience, selectData, type Audience, type SelectionReport } from './audience/select.js';
import { InvalidDataError, type Problem } from './errors.js';
import { deckIdProblem } from './model/outputs.js';
import { writeDeckFolder, writeSingleFile, type WrittenDeck } from './output/deck.js';
import { OutputRoot, type BuildSettings } from './output/root.js';
import { diffSnapshots, publicSnapshot, snapshotOf, type Changes } from './model/snapshot.js';
import type { ValidDeck } from './model/schema.js';
import { validateDeck } from './model/validate.js';
import { findProject, loadDeck, type Project } from './project/project.js';
import { loadSnapshotFor, snapshotPath } from './project/sessions.js';
import { NONPUBLIC_SUFFIX, renderDeck, type HandoutLayout, type RenderedDeck } from './render/render.js';
export { NONPUBLIC_SUFFIX };
import { version } from './version.js';

function relativeTo(p: string): string {
  const cwd = process.cwd();
  return p.startsWith(cwd + '/') ? p.slice(cwd.length + 1) : p;
}

export interface DeckResult {
  file: string;
  id: string;
  project: Project;
  deck?: ValidDeck;
  extraData: Record<string, unknown>;
  problems: Problem[];
}

/** Loads and validates one deck file. Problems (errors and warnings) are returned, not thrown. */
export function loadAndValidate(file: string, project: Project = findProject(file)): DeckResult {
  const loaded = loadDeck(file, project);
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
  const problems = [...loaded.problems, ...result.problems];
  if (result.deck) {
    // A `changes` slide needs the frozen snapshot of the session it compares with.
    const raw = loaded.raw;
    result.deck.slides.forEach((s, i) => {
      if (s.type !== 'changes') return;
      const since = s.since ?? result.deck!.predecessor;
      const at = raw.locate(['slides', i, ...(s.since ? ['since'] : [])]);
      if (!since) {
        problems.push({ ...at, path: `slides[${i}]`, message: 'a changes slide needs the earlier deck: set predecessor: at the top of the deck or since: on the slide', severity: 'error' });
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
  const hasError = problems.some((p) => p.severity === 'error');
  const out: DeckResult = { file: loaded.raw.file, id: loaded.raw.id, project, extraData: loaded.extraData, problems };
  if (result.deck && !hasError) out.deck = result.deck;
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

export interface BuildResult {
  file: string;
  id: string;
  /** The id with the audience suffix: the name of the output folder and files. */
  outputId: string;
  audience: Audience;
  problems: Problem[];
  skipped?: string;
  rendered?: RenderedDeck;
  manifest?: WrittenDeck;
  /** The output folder it was written into. */
  outDir?: string;
  selection?: SelectionReport;
  deck?: ValidDeck;
  /** The snapshot the deck's data came from, when the session was frozen. */
  frozen?: string;
}

export function outputIdFor(id: string, audience: Audience): string {
  return audience === 'nonpublic' ? `${id}${NONPUBLIC_SUFFIX}` : id;
}

export function defaultOutDir(project: Project): string {
  return join(project.root, 'out');
}

/**
 * Loads, validates, selects the audience, renders and writes one deck. Invalid data throws
 * InvalidDataError (exit 3) with every problem; nothing is written then.
 */
export async function buildDeck(file: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const audience = opts.audience ?? 'public';
  const loaded = loadAndValidate(file);
  if (!loaded.deck) throw new InvalidDataError(loaded.problems, `${loaded.id}: invalid deck data, nothing written`);
  const outputId = outputIdFor(loaded.id, audience);
  const outDir = resolve(opts.outDir ?? defaultOutDir(loaded.project));
  const base: BuildResult = { file: loaded.file, id: loaded.id, outputId, audience, problems: loaded.problems, ...(opts.write === false ? {} : { outDir }) };
  if (audience === 'public' && isNonpublicDeck(loaded.deck)) {
    return { ...base, skipped: 'the session is non-public (session.public: false); build it with --nonpublic' };
  }
  const frozen = frozenData(loaded, audience);
  const chosen = opts.theme ? { ...loaded.deck, theme: opts.theme } : loaded.deck;
  const { deck, report } = selectAudience(frozen ? { ...chosen, ...frozen.data } : chosen, audience);
  const changes = changesFor(deck, loaded, audience);
  const rendered = await renderDeck(deck, {
    id: loaded.id,
    projectRoot: loaded.project.root,
    nonpublic: audience === 'nonpublic',
    extraData: selectData(loaded.extraData, audience) as Record<string, unknown>,
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.handout ? { handout: opts.handout } : {}),
    ...(changes ? { changes } : {}),
  });
  if (opts.write === false) return { ...base, rendered, selection: report, deck, ...(frozen ? { frozen: frozen.file } : {}) };
  const root = OutputRoot.open(outDir, loaded.project.root);
  const settings: BuildSettings = {
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.handout ? { handout: opts.handout } : {}),
    ...(opts.today ? { today: opts.today } : {}),
  };
  const manifest = opts.singleFile
    ? writeSingleFile(root, rendered, loaded.file, settings)
    : writeDeckFolder(root, rendered, loaded.file, settings);
  return { ...base, rendered, manifest, selection: report, deck, ...(frozen ? { frozen: frozen.file } : {}) };
}

/**
 * The changes since each earlier session a `changes` slide compares with, both sides seen by the
 * same audience. When only the public view of that session was frozen, a non-public build
 * compares public data too (otherwise every non-public item would look new).
 */
function changesFor(deck: ValidDeck, loaded: DeckResult, audience: Audience): Record<string, Changes> | undefined {
  const sinces = new Set<string>();
  for (const s of deck.slides) {
    if (s.type !== 'changes') continue;
    const since = s.since ?? deck.predecessor;
    if (since) sinces.add(since);
  }
  if (!sinces.size) return undefined;
  const out: Record<string, Changes> = {};
  const current = snapshotOf(deck, loaded.id, audience, `ratsdeck ${version()}`);
  for (const since of sinces) {
    const prev = loadSnapshotFor(loaded.project, since, audience);
    if (!prev.snapshot) {
      throw new InvalidDataError(prev.problems, `${loaded.id}: the snapshot of "${since}" cannot be read`);
    }
    const cur = prev.snapshot.audience === 'public' && audience === 'nonpublic' ? publicSnapshot(current) : current;
    out[since] = diffSnapshots(prev.snapshot, cur);
  }
  return out;
}

/**
 * A frozen deck (one with _sessions/<id>.json) is built from its snapshot: a past session's
 * deck keeps showing what was presented, however the shared _data/ has moved on since.
 */
function frozenData(loaded: DeckResult, audience: Audience): { file: string; data: Pick<ValidDeck, 'activities' | 'networks' | 'itBeirat'> } | undefined {
  const snap = loadSnapshotFor(loaded.project, loaded.id, audience);
  if (!snap.file) return undefined;
  if (!snap.snapshot) throw new InvalidDataError(snap.problems, `${loaded.id}: its snapshot cannot be read`);
  const s = snap.snapshot;
  return {
    file: snap.file,
    data: { activities: s.activities, networks: s.networks, ...(s.itBeirat ? { itBeirat: s.itBeirat } : {}) },
  };
}
