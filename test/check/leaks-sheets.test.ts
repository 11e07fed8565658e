/**
 * The independent leak checker (src/check/leaks.ts) sees spreadsheet data like YAML data: the
 * texts of non-public rows become markers at their cells, and a leak names the cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMarkers, findLeaks, type LeakMarker } from '../../src/check/leaks.js';
import { SourceMap } from '../../src/check/locate.js';
import { loadDeck } from '../../src/project/project.js';
import { SHEET_MARKERS, writeSheetLeakProject } from '../helpers/sheet-leak.js';

let dir: string;
let markers: LeakMarker[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-sheet-leak-'));
  await writeSheetLeakProject(dir);
  const loaded = loadDeck(join(dir, 'sitzung.yaml'));
  expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  markers = collectMarkers(new SourceMap(loaded.raw!), { value: loaded.extraData, locate: loaded.locateExtra });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leak markers from spreadsheets', () => {
  it('come from non-public rows, at their cells', () => {
    const at = (path: string) => markers.find((m) => m.at.path === path)?.at;
    expect(at('activities[1].title')).toMatchObject({ file: join(dir, '_data', 'activities.xlsx'), cell: 'Aktivitäten!B3' });
    expect(at('activities[0].milestones[1].title')).toMatchObject({ cell: 'Meilensteine!B3' });
    expect(at('activities[0].kpis[1].name')).toMatchObject({ cell: 'Kennzahlen!B3' });
    expect(at('networks[1].name')).toMatchObject({ file: join(dir, '_data', 'networks.csv'), line: 3, col: 16 });
    expect(at('itBeirat.members[2].affiliation')).toMatchObject({ cell: 'Mitglieder!B4' });
  });

  it('find a leak and name the cell, never the text', () => {
    const leaks = findLeaks(markers, [{ file: 'sitzung/index.html', part: 'text', text: `<p>${SHEET_MARKERS.milestone}</p>`.toLowerCase() }]);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ cell: 'Meilensteine!B3', path: 'activities[0].milestones[1].title' });
    expect(JSON.stringify(leaks)).not.toContain(SHEET_MARKERS.milestone);
  });
});
