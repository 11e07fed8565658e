/**
 * `recordSessionResult` (part of `ratsdeck freeze`, issue 12): after the session, the agenda
 * item's result (and resolution text) from the council information system into the deck's
 * `session.result` (and `session.resolutionText`), when `session.oparl` names the AgendaItem
 * and the RIS has a result. What the deck says already is never replaced: a different result
 * in the RIS is a warning. The deck file is edited in place (comments kept), checked first,
 * and written atomically; freezeDeck then records it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { editYamlText, parseYamlText, type YamlEdit } from '../data/yaml.js';
import { InvalidDataError } from '../errors.js';
import { resultText } from '../oparl/index.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import { loadAndValidate } from '../pipeline.js';
import { deckId, findProject } from '../project/project.js';
import { snapshotPath } from '../project/sessions.js';
import { deckFileArg } from './deck-file.js';
import { withOparlReader, type OparlSettings } from './oparl.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface RecordSessionResultOptions extends OparlSettings {
  /** The deck that was presented: a path, a file name or a deck id of the project. */
  deck: string;
  /** As for freezeDeck: without it, a deck that is frozen already is left alone. */
  force?: boolean;
  cwd?: string;
  reporter?: Reporter;
}

export interface RecordSessionResultResult {
  /** The result the RIS has for the agenda item, if any. */
  result?: string;
  /** Whether the deck file was changed. */
  written: boolean;
}

export async function recordSessionResult(opts: RecordSessionResultOptions): Promise<RecordSessionResultResult> {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const file = deckFileArg(opts.deck, cwd);
  const show = (p: string) => displayPath(p, cwd);
  const text = readFileSync(file, 'utf8');
  const session = (parseYamlText(text, file).value as { session?: Record<string, unknown> } | undefined)?.session;
  const url = typeof session?.oparl === 'string' ? session.oparl : undefined;
  if (!url) return { written: false };
  const project = findProject(file);
  const id = deckId(file);
  // freezeDeck will refuse an existing snapshot: do not touch the deck for nothing.
  if (!opts.force && (existsSync(snapshotPath(project, id, 'public')) || existsSync(snapshotPath(project, id, 'nonpublic')))) return { written: false };
  if (opts.offline) {
    report.info(`--offline: the result of ${id} is not fetched from the council information system`);
    return { written: false };
  }
  const item = await withOparlReader(project, opts, { urls: [url], reporter: report }, (reader) => reader.get(url, 'AgendaItem'));
  const result = resultText(item.result);
  if (!result) {
    report.info(`the council information system has no result for ${url} yet`);
    return { written: false };
  }
  const edits: YamlEdit[] = [];
  const had = typeof session?.result === 'string' ? session.result : undefined;
  if (had === undefined) edits.push({ path: ['session', 'result'], value: result });
  else if (had.trim().toLowerCase() !== result.toLowerCase()) {
    report.warn(`${id}: the council information system records "${result}" for ${url}, the deck "${had}": the deck's is kept`);
  }
  if (item.resolutionText && session?.resolutionText === undefined) edits.push({ path: ['session', 'resolutionText'], value: item.resolutionText });
  if (!edits.length) return { result, written: false };
  const next = editYamlText(text, edits);
  const checked = loadAndValidate(file, project, { text: next });
  const errors = checked.problems.filter((p) => p.severity === 'error' && p.code !== 'no-snapshot');
  if (errors.length) throw new InvalidDataError(errors, `${show(file)}: the result from the council information system would make the deck invalid; nothing written`);
  writeFileAtomic(file, next, { mkdir: false });
  report.info(`wrote the result from the council information system into ${show(file)}: ${edits.map((e) => e.path.join('.')).join(', ')} (${result})`);
  return { result, written: true };
}
