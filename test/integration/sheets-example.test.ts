/**
 * The example project built from a spreadsheet version of its activities gives the same decks
 * as the YAML build (issue 13): once from an .xlsx workbook (date and number cells, ja/nein,
 * one item per line), once from CSV files as German Excel saves them (UTF-8 with BOM, `;`,
 * CRLF, 1.234,5, 18.03.2025, activities.milestones.csv and activities.kpis.csv beside it).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { activitiesCsv, activitiesWorkbook } from '../helpers/sheets.js';

const DECKS = join(import.meta.dirname, '..', '..', 'decks');
let tmp: string;

function project(name: string): string {
  const dir = join(tmp, name);
  cpSync(DECKS, dir, { recursive: true, filter: (src) => !src.includes(`${join(DECKS, 'out')}`) });
  return dir;
}

/** The output record keeps when each build was made (issue 11's freeze); the rest must match. */
function withoutTimes(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (key === 'first' || key === 'last' || key === 'printed' ? undefined : value));
}

function files(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^\.ratsdeck-output.*\.json$/.test(name)) out[relative(dir, p)] = withoutTimes(readFileSync(p, 'utf8'));
      else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

async function build(dir: string, ...flags: string[]): Promise<Record<string, unknown>> {
  const out = join(dir, 'out');
  const r = await runCli(['build', ...flags, '--out', out], dir);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning/);
  return files(out);
}

let yamlPublic: Record<string, unknown>;
let yamlNonpublic: Record<string, unknown>;
const activities = parse(readFileSync(join(DECKS, '_data', 'activities.yaml'), 'utf8')) as Record<string, unknown>[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-sheets-example-'));
  const dir = project('yaml');
  yamlPublic = await build(dir);
  yamlNonpublic = await build(dir, '--nonpublic');
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the example project from a spreadsheet', () => {
  it('builds the same decks from _data/activities.xlsx as from activities.yaml', async () => {
    const dir = project('xlsx');
    rmSync(join(dir, '_data', 'activities.yaml'));
    writeFileSync(join(dir, '_data', 'activities.xlsx'), await activitiesWorkbook(activities));
    const pub = await build(dir);
    expect(Object.keys(pub).length).toBeGreaterThan(10);
    expect(pub).toEqual(yamlPublic);
    expect(await build(dir, '--nonpublic')).toEqual(yamlNonpublic);
  }, 120_000);

  it('builds the same decks from activities.csv with its milestones and KPIs beside it', async () => {
    const dir = project('csv');
    rmSync(join(dir, '_data', 'activities.yaml'));
    const csv = activitiesCsv(activities);
    writeFileSync(join(dir, '_data', 'activities.csv'), '\ufeff' + csv.activities);
    writeFileSync(join(dir, '_data', 'activities.milestones.csv'), '\ufeff' + csv.milestones);
    writeFileSync(join(dir, '_data', 'activities.kpis.csv'), '\ufeff' + csv.kpis);
    expect(await build(dir)).toEqual(yamlPublic);
    expect(await build(dir, '--nonpublic')).toEqual(yamlNonpublic);
  }, 120_000);
});
