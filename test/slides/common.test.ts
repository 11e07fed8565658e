/** Balanced pagination (issue 11): a table never ends in one lonely row. */
import { describe, expect, it } from 'vitest';
import { chunk, chunkBy } from '../../src/slides/common.js';

const sizes = (pages: unknown[][]) => pages.map((p) => p.length);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('chunk: as few pages as needed, balanced', () => {
  it.each([
    [5, 5, [5]],
    [6, 5, [3, 3]],
    [7, 5, [4, 3]],
    [11, 5, [4, 4, 3]],
    [40, 10, [10, 10, 10, 10]],
    [41, 10, [9, 8, 8, 8, 8]],
  ])('%i rows at %i per page → %j', (n, per, expected) => {
    const pages = chunk(range(n), per);
    expect(sizes(pages)).toEqual(expected);
    expect(pages.flat()).toEqual(range(n));
  });

  it('an empty list is one empty page (the slide says "no entries")', () => {
    expect(chunk([], 5)).toEqual([[]]);
  });
});

describe('chunkBy: rows of different heights', () => {
  it('fills by height, then balances: the fullest page is as light as the page count allows', () => {
    // 84 px and 58 px rows into 300 px: greedy needs 3 pages; balanced, no page holds more than 232 px.
    const heights = [84, 84, 58, 58, 84, 58, 84, 58, 58];
    const pages = chunkBy(heights, (h) => h, 300);
    expect(pages).toHaveLength(3);
    expect(pages.flat()).toEqual(heights);
    const totals = pages.map((p) => p.reduce((a, b) => a + b, 0));
    expect(Math.max(...totals)).toBeLessThanOrEqual(226);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThan(84);
  });

  it('a row taller than the page gets a page of its own', () => {
    expect(sizes(chunkBy([50, 900, 50], (h) => h, 300))).toEqual([1, 1, 1]);
  });

  it('is quick for thousands of rows', () => {
    const started = performance.now();
    const pages = chunkBy(range(5000), (i) => 58 + (i % 3) * 26, 500);
    expect(pages.flat()).toHaveLength(5000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
