/**
 * `ratsdeck new` and `ratsdeck freeze`: flags in, the use cases of src/usecases/ called,
 * their lines on stderr. Errors carry their exit codes (main.ts reports them).
 */
import type { Command } from 'commander';
import { freezeDeck } from '../usecases/freeze.js';
import { newDeckFromOparl } from '../usecases/new-oparl.js';
import { recordSessionResult } from '../usecases/oparl-result.js';
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
    .option('--offline', 'read the council information system only from what _oparl/ holds')
    .option('--timeout <seconds>', 'how long one request to the council information system may take; default 30', parseSeconds)
    .action(async (target: string, flags: NewFlags) => {
      const { from, oparl, date, time, committee, top } = flags;
      await newDeckFromOparl({ from, oparl, date, time, committee, top, ...oparlSettings(flags, ctx), target, cwd: ctx.io.cwd, reporter: ctx.out });
    });

  program
    .command('freeze')
    .description('after a session: record what was presented as _sessions/<deck>.json (commit it with the project)')
    .argument('<deck>', 'the deck that was presented')
    .option('--nonpublic', 'also record the non-public view (_sessions/<deck>-nichtoeffentlich.json)')
    .option('--force', 'replace an existing snapshot')
    .option('--offline', 'do not fetch the result from the council information system (session.oparl)')
    .option('--timeout <seconds>', 'how long one request to the council information system may take; default 30', parseSeconds)
    .action(async (deck: string, flags: { nonpublic?: boolean; force?: boolean } & OparlFlags) => {
      await recordSessionResult({ deck, ...(flags.force ? { force: true } : {}), ...oparlSettings(flags, ctx), cwd: ctx.io.cwd, reporter: ctx.out });
      freezeDeck({ nonpublic: flags.nonpublic, force: flags.force, deck, cwd: ctx.io.cwd, reporter: ctx.out });
    });
}
