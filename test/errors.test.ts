/** capProblems: the one rule for how many problems people see at once (issue 11). */
import { describe, expect, it } from 'vitest';
import { capProblems, formatMore, PROBLEMS_SHOWN_PER_FILE, type Problem } from '../src/errors.js';

const p = (file: string, line: number, severity: Problem['severity'] = 'error'): Problem => ({ file, line, col: 1, path: '', message: `m${line}`, severity });
const show = (list: ReturnType<typeof capProblems>) => list.map((x) => ('problem' in x ? `${x.problem.file}:${x.problem.line}${x.problem.severity === 'warning' ? 'w' : ''}` : `${x.file}+${x.more}`));

describe('capProblems', () => {
  it('shows up to the limit per file, in order, then how many more for that file', () => {
    expect(PROBLEMS_SHOWN_PER_FILE).toBe(8);
    const list = [...Array.from({ length: 10 }, (_, i) => p('a.yaml', i + 1)), p('b.yaml', 1), p('b.yaml', 2)];
    expect(show(capProblems(list))).toEqual(['a.yaml:1', 'a.yaml:2', 'a.yaml:3', 'a.yaml:4', 'a.yaml:5', 'a.yaml:6', 'a.yaml:7', 'a.yaml:8', 'a.yaml+2', 'b.yaml:1', 'b.yaml:2']);
  });

  it('keeps errors before warnings when some must go', () => {
    const list = [p('a.yaml', 1, 'warning'), p('a.yaml', 2, 'warning'), p('a.yaml', 3), p('a.yaml', 4, 'warning')];
    expect(show(capProblems(list, 2))).toEqual(['a.yaml:1w', 'a.yaml:3', 'a.yaml+2']);
  });

  it('leaves a short list as it is', () => {
    expect(show(capProblems([p('a.yaml', 1)]))).toEqual(['a.yaml:1']);
  });

  it('says how many more, relative to the working folder', () => {
    expect(formatMore('/p/_data/a.yaml', 1, '/p')).toBe('_data/a.yaml: … and 1 more problem in this file (fix these first; ratsdeck validate --json lists them all)');
  });
});
