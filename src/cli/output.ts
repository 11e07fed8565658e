/**
 * stdout is for data, stderr for people. No colour when not a TTY, under NO_COLOR or in CI.
 */
import { capProblems, formatMore, formatProblem, type Problem } from '../errors.js';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Output {
  /** Data for machines (stdout). */
  data(s: string): void;
  /** Progress and results for people (stderr). */
  info(s: string): void;
  warn(s: string): void;
  error(message: string, hint?: string): void;
  problem(p: Problem): void;
  /** A list of problems, at most a few per file (capProblems), with "… and N more". */
  problems(list: readonly Problem[]): void;
  debugChain(err: unknown): void;
  color: boolean;
}

export function createOutput(io: Io): Output {
  const color = Boolean(io.stderr.isTTY) && !io.env.NO_COLOR && !io.env.CI && io.env.TERM !== 'dumb';
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const problem = (p: Problem) => {
    const line = formatProblem(p, io.cwd);
    io.stderr.write((p.severity === 'warning' ? paint('33', line) : line) + '\n');
  };
  return {
    color,
    data: (s) => void io.stdout.write(s.endsWith('\n') ? s : s + '\n'),
    info: (s) => void io.stderr.write(s + '\n'),
    warn: (s) => void io.stderr.write(`${paint('33', 'warning:')} ${s}\n`),
    error: (message, hint) => {
      io.stderr.write(`${paint('31', 'error:')} ${message}\n`);
      if (hint) io.stderr.write(`  ${paint('2', 'hint:')} ${hint}\n`);
    },
    problem,
    problems: (list) => {
      for (const item of capProblems(list)) {
        if ('problem' in item) problem(item.problem);
        else io.stderr.write(`${formatMore(item.file, item.more, io.cwd)}\n`);
      }
    },
    debugChain: (err) => {
      let e: unknown = err;
      let depth = 0;
      while (e && depth < 10) {
        const stack = e instanceof Error ? e.stack ?? e.message : String(e);
        io.stderr.write(`${depth ? 'caused by: ' : ''}${stack}\n`);
        e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
        depth++;
      }
    },
  };
}
