/**
 * The session workflow: `ratsdeck new` (the next session's deck from the last one) and
 * `ratsdeck freeze` (record what was presented, for "changes since the last session").
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { selectAudience } from '../audience/select.js';
import { editYamlText, ensureSlide, loadYamlFile, type YamlEdit } from '../data/yaml.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import { IsoDate } from '../model/schema.js';
import { deckIdProblem } from '../model/outputs.js';
import { snapshotOf } from '../model/snapshot.js';
import { loadAndValidate } from '../pipeline.js';
import { deckId, findProject } from '../project/project.js';
import { snapshotPath, writeSnapshot } from '../project/sessions.js';
import { version } from '../version.js';
import type { CommandContext } from './context.js';

function rel(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/** Accepts `2021-05-hfa`, `2021-05-hfa.yaml` or a path; returns the deck file. */
function deckFile(arg: string, cwd: string): string {
  const abs = resolve(cwd, arg);
  if (existsSync(abs)) return abs;
  if (existsSync(`${abs}.yaml`)) return `${abs}.yaml`;
  const project = findProject(cwd);
  const inProject = join(project.root, arg.endsWith('.yaml') ? arg : `${arg}.yaml`);
  if (existsSync(inProject)) return inProject;
  throw new RatsdeckError(`${arg}: no such deck file`, { exitCode: ExitCode.USAGE });
}

/** The committee ids of a project's ratsdeck.yaml (for checking --committee before writing). */
function committeeIds(configFile: string): string[] {
  const cfg = loadYamlFile(configFile);
  const list = (cfg.value as { committees?: unknown } | undefined)?.committees;
  return Array.isArray(list) ? list.map((c) => (c as { id?: unknown }).id).filter((x): x is string => typeof x === 'string') : [];
}

export interface NewOptions {
  from: string;
  date?: string;
  time?: string;
  committee?: string;
  top?: string;
}

export function registerSessions(program: Command, ctx: CommandContext): void {
  program
    .command('new')
    .description("write the next session's deck from an earlier one: same slides and selections, new session data")
    .argument('<new-deck>', 'the file to write, e.g. decks/2021-09-hfa.yaml (never overwritten)')
    .requiredOption('--from <deck>', 'the earlier deck to start from')
    .option('--date <YYYY-MM-DD>', 'date of the new session')
    .option('--time <HH:MM>', 'time of the new session')
    .option('--committee <id>', 'committee of the new session (an id from ratsdeck.yaml)')
    .option('--top <item>', 'agenda item of the new session, e.g. "Ö 3"')
    .action((target: string, opts: NewOptions) => {
      const out = resolve(ctx.io.cwd, target.endsWith('.yaml') || target.endsWith('.yml') ? target : `${target}.yaml`);
      if (existsSync(out)) {
        throw new RatsdeckError(`${rel(ctx.io.cwd, out)} already exists; ratsdeck new never overwrites a file`, {
          exitCode: ExitCode.USAGE,
          hint: 'choose another file name, or delete the file first',
        });
      }
      const badId = deckIdProblem(deckId(out));
      if (badId) {
        throw new RatsdeckError(`${rel(ctx.io.cwd, out)}: the file name cannot be a deck id: ${badId}`, {
          exitCode: ExitCode.USAGE,
          hint: 'choose another file name: its name (without .yaml) is the deck id and names its output, e.g. 2021-09-hfa.yaml',
        });
      }
      const from = deckFile(opts.from, ctx.io.cwd);
      if (opts.committee !== undefined) {
        const project = findProject(from);
        const committees = project.configFile ? committeeIds(project.configFile) : [];
        if (committees.length && !committees.includes(opts.committee)) {
          throw new RatsdeckError(`--committee ${opts.committee}: no such committee in ratsdeck.yaml`, {
            exitCode: ExitCode.USAGE,
            hint: `known committee ids: ${committees.join(', ')}`,
          });
        }
      }
      if (opts.date !== undefined && !IsoDate.safeParse(opts.date).success) {
        throw new RatsdeckError(`--date ${opts.date}: expected a real date written as YYYY-MM-DD`, { exitCode: ExitCode.USAGE });
      }
      const source = readFileSync(from, 'utf8');
      const edits: YamlEdit[] = [
        // The new session has no result yet, and compares with the one it came from.
        { path: ['session', 'result'], delete: true },
        { path: ['session', 'votes'], delete: true },
        { path: ['predecessor'], value: deckId(from) },
      ];
      if (opts.date) {
        edits.push({ path: ['session', 'date'], value: opts.date });
        edits.push({ path: ['date'], value: opts.date, ifPresent: true });
      }
      if (opts.time) edits.push({ path: ['session', 'time'], value: opts.time });
      if (opts.committee) edits.push({ path: ['session', 'committee'], value: opts.committee });
      if (opts.top) edits.push({ path: ['session', 'agendaItem'], value: opts.top });
      let text: string;
      try {
        text = editYamlText(source, edits);
        // The next session wants to know what changed since this one.
        text = ensureSlide(text, 'changes', ['agenda', 'title']);
      } catch (err) {
        throw new RatsdeckError(`${rel(ctx.io.cwd, from)}: cannot read the earlier deck (${(err as Error).message})`, {
          exitCode: ExitCode.INVALID_DATA,
          hint: `run ratsdeck validate ${rel(ctx.io.cwd, from)}`,
          cause: err,
        });
      }
      // Write next to the target under a temporary name, validate there (same project, same
      // relative paths), and only then give it its name.
      const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}.yaml`);
      writeFileSync(tmp, text, { flag: 'wx' });
      try {
        const checked = loadAndValidate(tmp);
        // The temporary name is no deck id, and the earlier session may not be frozen yet.
        const errors = checked.problems.filter((p) => p.severity === 'error' && p.code !== 'deck-id' && p.code !== 'no-snapshot');
        if (errors.length) {
          throw new InvalidDataError(errors.map((p) => (p.file === tmp ? { ...p, file: out } : p)), `${rel(ctx.io.cwd, out)}: the new deck would be invalid; nothing written`);
        }
        renameSync(tmp, out);
      } finally {
        rmSync(tmp, { force: true });
      }
      ctx.out.info(`wrote ${rel(ctx.io.cwd, out)} (from ${rel(ctx.io.cwd, from)}; predecessor: ${deckId(from)})`);
      if (!opts.date) ctx.out.warn(`no --date given: ${rel(ctx.io.cwd, out)} keeps the session date of ${deckId(from)}; set session.date in it`);
      if (!opts.top) ctx.out.warn(`no --top given: ${rel(ctx.io.cwd, out)} keeps the agenda item of ${deckId(from)}; set session.agendaItem in it`);
      if (!existsSync(snapshotPath(findProject(from), deckId(from), 'public')) && !existsSync(snapshotPath(findProject(from), deckId(from), 'nonpublic'))) {
        ctx.out.info(`after the session of ${deckId(from)}, record it with: ratsdeck freeze ${rel(ctx.io.cwd, from)}`);
      }
    });

  program
    .command('freeze')
    .description('after a session: record what was presented as _sessions/<deck>.json (commit it with the project)')
    .argument('<deck>', 'the deck that was presented')
    .option('--nonpublic', 'also record the non-public view (_sessions/<deck>-nichtoeffentlich.json)')
    .option('--force', 'replace an existing snapshot')
    .action((arg: string, opts: { nonpublic?: boolean; force?: boolean }) => {
      const file = deckFile(arg, ctx.io.cwd);
      const loaded = loadAndValidate(file);
      for (const p of loaded.problems) ctx.out.problem(p);
      if (!loaded.deck) throw new InvalidDataError([], `${loaded.id}: invalid deck data, nothing frozen`);
      const audiences: ('public' | 'nonpublic')[] = [];
      if (loaded.deck.session?.public !== false) audiences.push('public');
      if (opts.nonpublic || loaded.deck.session?.public === false) audiences.push('nonpublic');
      for (const audience of audiences) {
        const target = snapshotPath(loaded.project, loaded.id, audience);
        if (existsSync(target) && !opts.force) {
          throw new RatsdeckError(`${rel(ctx.io.cwd, target)} already exists`, {
            exitCode: ExitCode.USAGE,
            hint: 'a snapshot records what was presented; --force records the data as it is today instead (only right if _data/ has not moved on since that session)',
          });
        }
      }
      if (opts.force) {
        ctx.out.warn(`${loaded.id}: --force records the data as it stands today; if _data/ changed since the session, this is no longer what was presented`);
      }
      for (const audience of audiences) {
        const { deck } = selectAudience(loaded.deck, audience);
        const target = snapshotPath(loaded.project, loaded.id, audience);
        writeSnapshot(target, snapshotOf(deck, loaded.id, audience, `ratsdeck ${version()}`));
        ctx.out.info(`froze ${loaded.id} (${audience === 'public' ? 'public' : 'non-public'}) → ${rel(ctx.io.cwd, target)}`);
      }
      if (!loaded.deck.session?.result) {
        ctx.out.warn(`${loaded.id}: no session.result recorded (e.g. result: zur Kenntnis genommen); add it to the deck and freeze again with --force`);
      }
    });
}
