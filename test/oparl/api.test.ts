/**
 * The OParl use cases through the package API (issue 12): they report through the reporter,
 * never print, and throw OparlError (exit 8, with `url` and `reason`) when the council
 * information system cannot be read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, importCommittees, newDeckFromOparl, OparlError, type Reporter } from '../../src/index.js';
import { startOparlServer, type OparlServer } from './server.js';
import { serveSpec11, writeProject } from './world.js';

let server: OparlServer;
let tmp: string;
let b: string;
beforeAll(async () => {
  server = await startOparlServer();
  b = serveSpec11(server);
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-api-'));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});
function lines(): Reporter & { all: string[] } {
  const all: string[] = [];
  return { all, info: (s) => all.push(`info: ${s}`), warn: (s) => all.push(`warn: ${s}`), error: (m) => all.push(`error: ${m}`), problem: (p) => all.push(`problem: ${p.message}`) };
}

describe('the package API', () => {
  it('newDeckFromOparl writes the deck and returns where its facts came from', async () => {
    const dir = writeProject(join(tmp, 'a'), { committees: '  - { id: fa, name: Ausschuss für Haushalt und Finanzen }\n' });
    const report = lines();
    const r = await newDeckFromOparl({ target: 'neu', oparl: `${b}/meeting/281`, top: '10.1', cwd: dir, reporter: report, env: {} });
    expect(r).toEqual({ file: join(dir, 'neu.yaml'), oparl: { meeting: `${b}/meeting/281`, agendaItem: `${b}/agendaitem/3271`, paper: `${b}/paper/749` } });
    expect(readFileSync(r.file, 'utf8')).toContain('reference: 1234/2014');
    expect(report.all.at(-1)).toBe(`info: wrote neu.yaml (session and paper from ${b}/meeting/281)`);
  });

  it('throws OparlError with the URL and the reason; retries wait as told', async () => {
    server.route('/api/busy', { fail: 99, then: { json: {} } });
    const dir = writeProject(join(tmp, 'b'), { committees: '  - { id: fa, name: Finanzausschuss }\n' });
    const err = await newDeckFromOparl({ target: 'neu', oparl: `${server.base}/api/busy`, cwd: dir, env: {}, retryDelayMs: () => 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OparlError);
    expect(err).toMatchObject({ exitCode: ExitCode.OPARL, url: `${server.base}/api/busy`, reason: 'status', status: 500 });
  });

  it('importCommittees without oparl: body is exit 2', async () => {
    const dir = writeProject(join(tmp, 'c'), { committees: '  - { id: fa, name: Finanzausschuss }\n' });
    await expect(importCommittees({ cwd: dir })).rejects.toMatchObject({ exitCode: ExitCode.USAGE });
  });
});
