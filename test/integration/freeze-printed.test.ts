// needs: browser
/**
 * What was handed out is what was printed (issue 11): when the deck was printed and later built
 * again with other data before the session, `freeze` records the printed data and says that a
 * later build was not printed. With the real Chromium; the session lies in the future, so that
 * every build here counts as one for the session without setting a clock.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { runCli } from '../helpers/cli.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const DECK = '2021-05-hfa';

let dir: string;
beforeAll(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'ratsdeck-freeze-printed-')), 'P');
  cpSync(FIXTURE, dir, { recursive: true });
  const deck = join(dir, `${DECK}.yaml`);
  writeFileSync(deck, readFileSync(deck, 'utf8').replace('date: 2021-05-20', 'date: 2099-05-20'));
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const read = (p: string) => readFileSync(p, 'utf8');

describe('freeze and the printed handout', () => {
  it('records the data that was printed, not a later unprinted build', async () => {
    const printed = await runCli(['pdf', `${DECK}.yaml`], dir, process.env);
    expect(printed.code, printed.stderr).toBe(0);
    const record = JSON.parse(read(join(dir, 'out', '.ratsdeck-output.json'))) as { entries: Record<string, { builds?: { printed?: string }[] }> };
    expect(record.entries[DECK]!.builds!.at(-1)!.printed).toMatch(/^\d{4}-\d\d-\d\dT/);

    // A fix after the handout went out, built as HTML only: its PDFs are gone, it was not handed out.
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(data, read(data).replace('progress: 10', 'progress: 15'));
    const html = await runCli(['build', `${DECK}.yaml`], dir);
    expect(html.code, html.stderr).toBe(0);

    const r = await runCli(['freeze', DECK], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/froze 2021-05-hfa \(public\) → _sessions\/2021-05-hfa\.json: recorded what was built on \d{4}-\d\d-\d\d \d\d:\d\d and printed \(out\/2021-05-hfa\/\)/);
    expect(r.stderr).toMatch(/a later build of \d{4}-\d\d-\d\d \d\d:\d\d with other data was not printed; the printed one was recorded as handed out/);
    const snap = JSON.parse(read(join(dir, '_sessions', `${DECK}.json`))) as Snapshot;
    expect(snap.activities.find((a) => a.id === 'e-akte')!.progress).toBe(10);
  });
});
