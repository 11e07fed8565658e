/**
 * What a new deck keeps of the earlier Vorlage, and what a new one replaces (src/usecases/paper.ts,
 * issue 11, finding 9). Pure: the edits are applied by src/data/edit.ts (test/data/edit.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { replacePaper } from '../../src/usecases/paper.js';

const OLD = {
  reference: 'ST/0027/2021',
  paperType: 'Stellungnahme',
  date: '2021-04-12',
  author: '80-Amt',
  subject: 'Vorstellung der Arbeit des IT-Beirates',
  decisionProposal: { kind: 'Beschlussempfehlung', text: 'Die Verwaltung wird …' },
  financialImpact: 'keine',
  consultations: [{ committee: 'stadtrat', date: '2021-04-22', role: 'Kenntnisnahme' }],
};

describe('replacePaper', () => {
  it('without a new paper: no edit, and every field named as kept', () => {
    expect(replacePaper(OLD, undefined)).toEqual({
      edits: [],
      kept: [
        'paper.reference ST/0027/2021',
        'paper.paperType Stellungnahme',
        'paper.date 2021-04-12',
        'paper.author',
        'paper.subject',
        'paper.decisionProposal',
        'paper.financialImpact',
        'paper.consultations',
      ],
      removed: [],
    });
  });

  it("a new paper: its fields set, the earlier paper's own ones removed, the rest kept", () => {
    expect(replacePaper(OLD, { reference: 'BV/0112/2021', date: '2021-09-01' })).toEqual({
      edits: [
        { path: ['paper', 'reference'], value: 'BV/0112/2021' },
        { path: ['paper', 'date'], value: '2021-09-01' },
        { path: ['paper', 'decisionProposal'], delete: true },
        { path: ['paper', 'financialImpact'], delete: true },
        { path: ['paper', 'consultations'], delete: true },
      ],
      kept: ['paper.paperType Stellungnahme', 'paper.author', 'paper.subject'],
      removed: ['paper.decisionProposal', 'paper.financialImpact', 'paper.consultations'],
    });
    const r = replacePaper(OLD, { reference: 'BV/0112/2021', subject: 'Neu', paperType: 'Beschlussvorlage' });
    expect(r.removed).toEqual(['paper.date', 'paper.decisionProposal', 'paper.financialImpact', 'paper.consultations']);
    expect(r.kept).toEqual(['paper.author']);
  });

  it('no paper: `paper:` removed; and a deck without one gets the new one', () => {
    expect(replacePaper(OLD, null)).toMatchObject({ edits: [{ path: ['paper'], delete: true }], kept: [] });
    expect(replacePaper(undefined, null)).toEqual({ edits: [], kept: [], removed: [] });
    expect(replacePaper(undefined, { reference: 'BV/0112/2021', subject: 'Neu' })).toEqual({
      edits: [
        { path: ['paper', 'reference'], value: 'BV/0112/2021' },
        { path: ['paper', 'subject'], value: 'Neu' },
      ],
      kept: [],
      removed: [],
    });
  });
});
