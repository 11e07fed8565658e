import { describe, expect, it } from 'vitest';
import { withTimeout } from '../../src/browser/timeout.js';
import { RatsdeckError } from '../../src/errors.js';

describe('withTimeout', () => {
  it('passes a value through', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, 'x')).resolves.toBe(42);
  });

  it('gives exit 6 with the step in the message when time runs out', async () => {
    const started = Date.now();
    const err = await withTimeout(new Promise(() => undefined), 50, 'printing a.pdf').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(6);
    expect((err as RatsdeckError).message).toBe('printing a.pdf timed out after 50 ms');
  });

  it('can give exit 5 (launch) instead', async () => {
    const err = (await withTimeout(new Promise(() => undefined), 20, 'starting', { exitCode: 5 }).catch((e: unknown) => e)) as RatsdeckError;
    expect(err.exitCode).toBe(5);
  });

  it('wraps a crash into exit 6, keeping the cause, and passes RatsdeckErrors on', async () => {
    const crash = new Error('Protocol error: Target closed\n  at somewhere');
    const err = (await withTimeout(Promise.reject(crash), 1000, 'printing a.pdf').catch((e: unknown) => e)) as RatsdeckError;
    expect(err).toBeInstanceOf(RatsdeckError);
    expect(err.exitCode).toBe(6);
    expect(err.message).toBe('printing a.pdf failed: Protocol error: Target closed');
    expect(err.cause).toBe(crash);
    const own = new RatsdeckError('mine', { exitCode: 3 });
    await expect(withTimeout(Promise.reject(own), 1000, 'x')).rejects.toBe(own);
  });

  it('does not leave an unhandled rejection behind when the step fails after the deadline', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown) => unhandled.push(r);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30));
      await expect(withTimeout(late, 5, 'x')).rejects.toThrow('timed out');
      await new Promise((r) => setTimeout(r, 60));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a nonsensical deadline', async () => {
    await expect(withTimeout(Promise.resolve(1), 0, 'x')).rejects.toThrow(RangeError);
  });
});
