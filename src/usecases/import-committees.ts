/**
 * `importCommittees` (`ratsdeck import committees`): the Gremien of the city's council
 * information system into `committees:` of ratsdeck.yaml. Reads the configured Body's
 * organization list (all pages), adds missing committees, gives existing ones that match by
 * name or short name their `oparl:` URL, never removes or renames, and keeps the file's
 * comments and layout (src/data/blocks.ts). The result is checked before it is written
 * (atomically); `dryRun` only says what would change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendToList, setListEntryKey } from '../data/blocks.js';
import { loadYamlFile, parseYamlText } from '../data/yaml.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import { Committee } from '../model/entities.js';
import { OparlUrl } from '../model/primitives.js';
import { OparlError, planCommittees, type AddedCommittee, type ExistingCommittee, type OOrganization } from '../oparl/index.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import { CONFIG_FILE, DATA_DIR, findProject } from '../project/project.js';
import { withOparlReader, type OparlSettings } from './oparl.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface ImportCommitteesOptions extends OparlSettings {
  /** The project folder (or a file in it), relative to `cwd`; default `cwd`. Its ratsdeck.yaml is found there or above. */
  project?: string;
  /** Say what would change, write nothing (neither ratsdeck.yaml nor _oparl/). */
  dryRun?: boolean;
  cwd?: string;
  reporter?: Reporter;
  /** The day that decides which committees are dissolved (YYYY-MM-DD; default today). */
  today?: string;
}

export interface ImportCommitteesResult {
  /** ratsdeck.yaml. */
  file: string;
  added: AddedCommittee[];
  linked: { id: string; oparl: string }[];
  unchanged: string[];
  written: boolean;
}

const BODY_HINT = 'add the address of your city\'s OParl Body to ratsdeck.yaml, e.g.\n    oparl:\n      body: https://ris.example.org/oparl/bodies/1';

function existingCommittees(value: unknown): ExistingCommittee[] {
  const list = (value as { committees?: unknown } | undefined)?.committees;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c, index) => {
    const o = (c ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string') return [];
    return [
      {
        index,
        id: o.id,
        ...(typeof o.name === 'string' ? { name: o.name } : {}),
        ...(typeof o.shortName === 'string' ? { shortName: o.shortName } : {}),
        ...(typeof o.oparl === 'string' ? { oparl: o.oparl } : {}),
      },
    ];
  });
}

export async function importCommittees(opts: ImportCommitteesOptions = {}): Promise<ImportCommitteesResult> {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const show = (p: string) => displayPath(p, cwd);
  const start = resolve(cwd, opts.project ?? '.');
  if (opts.project !== undefined && !existsSync(start)) {
    throw new RatsdeckError(`${opts.project}: no such folder`, { exitCode: ExitCode.USAGE, hint: 'give the project folder, the one with ratsdeck.yaml (e.g. decks)' });
  }
  const project = findProject(start);
  const file = project.configFile;
  if (!file) {
    throw new RatsdeckError(`no ${CONFIG_FILE} in ${start} or above: this is not a ratsdeck project`, {
      exitCode: ExitCode.USAGE,
      hint: 'run it inside the project folder, or give that folder: ratsdeck import committees decks',
    });
  }
  const dataFile = join(project.root, DATA_DIR, 'committees.yaml');
  if (existsSync(dataFile)) {
    throw new RatsdeckError(`${show(dataFile)} holds the committees: ratsdeck import committees writes ${CONFIG_FILE} only`, {
      exitCode: ExitCode.USAGE,
      hint: `move the committees into ${CONFIG_FILE} (committees:), then import again`,
    });
  }
  const loaded = loadYamlFile(file);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new RatsdeckError(`${show(file)} cannot be read; nothing imported`, { exitCode: ExitCode.INVALID_DATA, problems: errors });
  const v = loaded.value as { committees?: unknown } | null | undefined;
  if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) {
    throw new RatsdeckError(`${show(file)} is not a mapping; nothing imported`, { exitCode: ExitCode.INVALID_DATA });
  }
  if (v?.committees !== undefined && v.committees !== null && !Array.isArray(v.committees)) {
    throw new RatsdeckError(`${show(file)}: committees is not a list; nothing imported`, { exitCode: ExitCode.INVALID_DATA });
  }
  // As validate has it: an address, not a file name or another scheme (which would be read as a file, relative to wherever the command runs).
  const body = (v as { oparl?: { body?: unknown } } | null | undefined)?.oparl?.body;
  if (body !== undefined && !OparlUrl.safeParse(body).success) {
    const at = loaded.index.value(['oparl', 'body']);
    throw new InvalidDataError(
      [{ file, line: at?.line ?? 1, col: at?.col ?? 1, path: 'oparl.body', message: 'expected the address of the OParl Body, starting with https:// or http://', hint: 'e.g. body: https://ris.example.org/oparl/bodies/1', severity: 'error', code: 'oparl-url' }],
      `${show(file)} cannot be read; nothing imported`,
    );
  }

  const orgs = await withOparlReader(project, opts, { write: !opts.dryRun, reporter: report }, async (reader, config) => {
    if (!config.body) throw new RatsdeckError(`${show(file)} has no oparl: body`, { exitCode: ExitCode.USAGE, hint: BODY_HINT });
    const entry = await reader.entry(config.body, cwd);
    if (entry.kind === 'System' && entry.bodyList) {
      // Its bodies help to pick the right address; that they cannot be read changes nothing about the mistake.
      const bodies = await reader.list(entry.bodyList, 'Body').catch((err: unknown) => {
        if (err instanceof OparlError) return [];
        throw err;
      });
      throw new RatsdeckError(`oparl: body in ${show(file)} is the address of the OParl System, not of a Body`, {
        exitCode: ExitCode.USAGE,
        hint: bodies.length ? `its bodies: ${bodies.map((b) => `${b.name ?? '?'} ${b.id ?? ''}`.trim()).join('; ')}` : BODY_HINT,
      });
    }
    if (entry.kind !== 'Body') throw new RatsdeckError(`oparl: body in ${show(file)} is an OParl ${entry.kind}, not a Body`, { exitCode: ExitCode.USAGE, hint: BODY_HINT });
    if (!entry.organizationList) throw new OparlError(config.body, 'not-oparl', `${config.body}: the Body has no organization list`);
    const list: OOrganization[] = await reader.list(entry.organizationList, 'Organization');
    report.info(`read ${list.length} organization${list.length === 1 ? '' : 's'} from ${entry.organizationList}`);
    return list;
  });

  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const plan = planCommittees(existingCommittees(v), orgs, today);
  const would = opts.dryRun ? 'would ' : '';
  for (const a of plan.add) {
    const c = a.committee;
    report.info(`${would}add ${c.id}: ${c.name}${c.shortName ? ` (${c.shortName})` : ''}, ${c.oparl}${a.note ? ` (${a.note})` : ''}`);
  }
  for (const l of plan.link) report.info(`${would}link ${l.id} to "${l.name}": oparl: ${l.oparl}`);
  for (const [why, n] of plan.skipped) report.info(`skipped ${n} organization${n === 1 ? '' : 's'} ${why}`);
  for (const w of plan.warnings) report.warn(w);

  let text = readFileSync(file, 'utf8');
  // Keys first (the list's indexes do not move), then the new entries at its end.
  for (const l of plan.link) text = setListEntryKey(text, 'committees', l.index, 'oparl', l.oparl);
  text = appendToList(
    text,
    'committees',
    plan.add.map(({ committee: c }) => ({ id: c.id, name: c.name, shortName: c.shortName, classification: c.classification, oparl: c.oparl })),
  );
  // What is written must read back as the committees it says.
  const check = parseYamlText(text, file);
  const parsed = Committee.array().safeParse((check.value as { committees?: unknown } | undefined)?.committees ?? []);
  if (check.problems.some((p) => p.severity === 'error') || !parsed.success) {
    throw new Error(`the edited ${CONFIG_FILE} does not read back as committees: ${parsed.error?.issues[0]?.message ?? check.problems[0]?.message}`);
  }
  const changed = plan.add.length + plan.link.length > 0;
  const summary = `${plan.add.length} committee${plan.add.length === 1 ? '' : 's'} added, ${plan.link.length} linked, ${plan.unchanged.length} unchanged`;
  if (opts.dryRun) report.info(`dry run: ${show(file)} not changed (${summary.replace('added', 'to add').replace('linked', 'to link')})`);
  else if (changed) {
    writeFileAtomic(file, text, { mkdir: false });
    report.info(`wrote ${show(file)}: ${summary}`);
  } else report.info(`${show(file)} is up to date: ${summary}`);
  return {
    file,
    added: plan.add.map((a) => a.committee),
    linked: plan.link.map((l) => ({ id: l.id, oparl: l.oparl })),
    unchanged: plan.unchanged,
    written: !opts.dryRun && changed,
  };
}
