/**
 * `writeTemplate` (`ratsdeck template activities --xlsx FILE`): a ready workbook or CSV file
 * for a kind of rows, from the one table of columns. Writes only the files it is given, never
 * over an existing one, atomically.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExitCode, OutputError, RatsdeckError } from '../errors.js';
import { writeFileAtomic } from '../output/write.js';
import { displayPath } from '../paths.js';
import { templateCsv, templateWorkbook, TEMPLATE_NAMES, type TemplateName } from '../sheets/index.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface WriteTemplateOptions {
  /** activities, milestones, kpis, networks, itBeirat, members, meetings or recommendations. */
  name: string;
  /** The workbook to write (.xlsx), relative to `cwd`. */
  xlsx?: string;
  /** The CSV file to write (.csv), relative to `cwd`. */
  csv?: string;
  cwd?: string;
  reporter?: Reporter;
}

export interface WriteTemplateResult {
  files: string[];
}

const SHEETS: Partial<Record<TemplateName, string>> = {
  activities: 'Aktivitäten, Meilensteine, Kennzahlen and Erläuterung (what each column holds)',
  itBeirat: 'Mitglieder, Sitzungen, Empfehlungen and Erläuterung',
};

export async function writeTemplate(opts: WriteTemplateOptions): Promise<WriteTemplateResult> {
  const report = opts.reporter ?? silentReporter;
  const cwd = opts.cwd ?? process.cwd();
  const show = (f: string) => displayPath(f, cwd);
  if (!(TEMPLATE_NAMES as readonly string[]).includes(opts.name)) {
    throw new RatsdeckError(`no template "${opts.name}"`, { exitCode: ExitCode.USAGE, hint: `one of ${TEMPLATE_NAMES.join(', ')}` });
  }
  const name = opts.name as TemplateName;
  if (!opts.xlsx && !opts.csv) {
    throw new RatsdeckError('say which file to write', { exitCode: ExitCode.USAGE, hint: `ratsdeck template ${name} --xlsx _data/${name}.xlsx (or --csv _data/${name}.csv)` });
  }
  if (opts.csv && name === 'itBeirat') {
    throw new RatsdeckError('a CSV file holds one list; the IT-Beirat has three', { exitCode: ExitCode.USAGE, hint: 'ratsdeck template members --csv _data/itBeirat/members.csv (and meetings, recommendations)' });
  }
  const targets: { file: string; ext: '.xlsx' | '.csv' }[] = [];
  if (opts.xlsx) targets.push({ file: resolve(cwd, opts.xlsx), ext: '.xlsx' });
  if (opts.csv) targets.push({ file: resolve(cwd, opts.csv), ext: '.csv' });
  for (const t of targets) {
    if (!t.file.toLowerCase().endsWith(t.ext)) {
      throw new RatsdeckError(`${show(t.file)}: the file name should end in ${t.ext}`, { exitCode: ExitCode.USAGE });
    }
    // The folders are made as needed; a file where one of them should be is exit 7, as for build
    // (mkdir says EEXIST there, which the writer does not know as the machine's doing).
    let up = dirname(t.file);
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    if (existsSync(up) && !statSync(up).isDirectory()) {
      throw new OutputError(t.file, `could not write ${show(t.file)}: ${show(up)} is a file, not a folder`, { hint: 'choose a path whose folders are folders' });
    }
    if (existsSync(t.file)) {
      throw new RatsdeckError(`${show(t.file)} already exists; ratsdeck template never overwrites a file`, {
        exitCode: ExitCode.USAGE,
        hint: 'choose another name, or move the file away first',
      });
    }
  }
  const files: string[] = [];
  for (const t of targets) {
    const content = t.ext === '.xlsx' ? await templateWorkbook(name) : templateCsv(name as Exclude<TemplateName, 'itBeirat'>);
    writeFileAtomic(t.file, content);
    files.push(t.file);
    report.info(`wrote ${show(t.file)}${t.ext === '.xlsx' && SHEETS[name] ? `: sheets ${SHEETS[name]}` : ''}`);
    if (t.ext === '.csv' && name === 'activities') {
      report.info(`  milestones and KPIs go beside it as activities.milestones.csv and activities.kpis.csv (ratsdeck template milestones --csv …, kpis)`);
    }
  }
  return { files };
}
