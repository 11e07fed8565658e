/** capProblems: the one rule for how many problems people see at once (issue 11). */
import { describe, expect, it } from 'vitest';
import { capProblems, ExitCode, formatMore, OutputError, PROBLEMS_SHOWN_PER_FILE, writeFailure, type Problem } from '../src/errors.js';

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

describe('writeFailure: a file open in another program (Windows)', () => {
  const locked = (code: string, path: string, dest?: string) =>
    Object.assign(new Error(`${code}: rename`), { code, syscall: 'rename', path, ...(dest ? { dest } : {}) });

  it('a PDF open in a viewer: exit 7, "close the PDF in your PDF viewer"', () => {
    const e = writeFailure(locked('EBUSY', 'out/d/d.pdf.tmp', 'out/d/d.pdf'), 'out/d/d.pdf') as OutputError;
    expect(e).toBeInstanceOf(OutputError);
    expect(e.exitCode).toBe(ExitCode.OUTPUT);
    expect(e.message).toBe('could not write out/d/d.pdf: the PDF is open in another program (EBUSY)');
    expect(e.hint).toBe('close the PDF in your PDF viewer, then run the command again');
  });

  it('a .pptx open in PowerPoint: exit 7 that names PowerPoint, not a PDF viewer (issue 11)', () => {
    const e = writeFailure(locked('EPERM', 'out/d/d.pptx.tmp', 'out/d/d.pptx'), 'out/d/d.pptx') as OutputError;
    expect(e).toBeInstanceOf(OutputError);
    expect(e.exitCode).toBe(ExitCode.OUTPUT);
    expect(e.message).toBe('could not write out/d/d.pptx: the .pptx is open in another program (EPERM)');
    expect(e.hint).toBe('close it in PowerPoint (or LibreOffice Impress), then run the command again');
  });

  it('an error that is not the machine\'s doing stays what it is (exit 1)', () => {
    const err = new TypeError('x is undefined');
    expect(writeFailure(err, 'out/d/d.pptx')).toBe(err);
  });
});
