/**
 * `ratsdeck new` and `ratsdeck freeze`: flags in, the use cases of src/usecases/ called,
 * their lines on stderr. Errors carry their exit codes (main.ts reports them).
 */
import type { Command } from 'commander';
import { ExitCode, RatsdeckError } from '../errors.js';
import type { NewPaper } from '../usecases/paper.js';
import type { CommandContext } from './context.js';
import { parseSeconds } from './flags.js';
import { oparlSettings, type OparlFlags } from './oparl-flags.js';

interface NewFlags extends OparlFlags {
  from?: string;
  oparl?: string;
  date?: string;
  time?: string;
  committee?: string;
  top?: string;
  /** A reference, or false for --no-paper. */
  paper?: string | false;
  paperDate?: string;
  paperSubject?: string;
}

/** --paper, --paper-date, --paper-subject, --no-paper as the use case takes them. */
function paperOf(flags: NewFlags): NewPaper | null | undefined {
  const extra = flags.paperDate !== undefined ? '--paper-date' : flags.paperSubject !== undefined ? '--paper-subject' : undefined;
  if (extra && typeof flags.paper !== 'string') {
    throw new RatsdeckError(`${extra} describes a new Vorlage: give its reference with --paper too`, { exitCode: ExitCode.USAGE, hint: 'e.g. --paper BV/0112/2021 --paper-date 2021-09-01' });
  }
  if (flags.paper === false) return null;
  if (flags.paper === undefined) return undefined;
  return {
    reference: flags.paper,
    ...(flags.paperDate !== undefined ? { date: flags.paperDate } : {}),
    ...(flags.paperSubject !== undefined ? { subject: flags.paperSubject } : {}),
  };
}

export function registerSessions(program: Command, ctx: CommandContext): void {
  program
    .command('new')
    .description("write a session's deck: the next one from an earlier deck (--from: same slides and selections), its session and paper from the council information system (--oparl, or the committee's oparl: URL)")
    .argument('<new-deck>', 'the file to write, e.g. decks/2021-09-hfa.yaml (never overwritten)')
    .option('--from <deck>', 'the earlier deck to start from')
    .option('--oparl <url|file>', 'the session from the council information system: an OParl Meeting (with --top), AgendaItem or Paper, or a saved .json of one')
    .option('--date <YYYY-MM-DD>', 'date of the new session')
    .option('--time <HH:MM>', 'time of the new session')
    .option('--committee <id>', 'committee of the new session (an id from ratsdeck.yaml)')
    .option('--top <item>', 'agenda item of the new session, e.g. "Ö 3"')
    .option('--paper <reference>', "the new session's Vorlage, e.g. BV/0112/2021: replaces the earlier one (its date, Beschlussvorschlag, financial impact and Gremienweg are removed)")
    .option('--paper-date <YYYY-MM-DD>', 'date of the new Vorlage (with --paper)')
    .option('--paper-subject <text>', 'Betreff of the new Vorlage (with --paper)')
    .option('--no-paper', 'the new deck has no Vorlage')
    .option('--offline', 'read the council information system only from what _oparl/ holds')
    .option('--timeout <seconds>', 'how long one request to the council information system may take; default 30', parseSeconds)
    .action(async (target: string, flags: NewFlags) => {
      const paper = paperOf(flags);
      const { from, oparl, date, time, committee, top } = flags;
      const { newDeckFromOparl } = await import('../usecases/new-oparl.js');
      await newDeckFromOparl({ from, oparl, date, time, committee, top, ...(paper !== undefined ? { paper } : {}), ...oparlSettings(flags, ctx), target, cwd: ctx.io.cwd, reporter: ctx.out });
    });

  program
    .command('freeze')
    .description('after a session: record what was built for it (else today\'s data, if unchanged since) as _sessions/<deck>.json (commit it)')
    .argument('<deck>', 'the deck that was presented')
    .option('--nonpublic', 'also record the non-public view (_sessions/<deck>-nichtoeffentlich.json)')
    .option('-o, --out <dir>', 'the output folder the deck was built into (default: out/ in the project folder)')
    .option('--from-current-data', "record today's data, also when it changed since the session")
    .option('--force', 'replace an existing snapshot (the data as built for the session, else as recorded; result and votes from the deck)')
    .option('--offline', 'do not fetch the result from the council information system (session.oparl)')
    .option('--timeout <seconds>', 'how long one request to the council information system may take; default 30', parseSeconds)
    .action(async (deck: string, flags: { nonpublic?: boolean; force?: boolean; out?: string; fromCurrentData?: boolean } & OparlFlags) => {
      const { freezeSession } = await import('../usecases/freeze-session.js');
      const { out, offline: _o, timeout: _t, ...rest } = flags;
      await freezeSession({ ...rest, ...(out !== undefined ? { outDir: out } : {}), ...oparlSettings(flags, ctx), deck, cwd: ctx.io.cwd, reporter: ctx.out });
    });
}
