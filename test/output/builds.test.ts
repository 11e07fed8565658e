/**
 * What a build records it was made from (src/output/builds.ts, issue 11): which build stands for
 * a session, and that later builds never push it out of the record.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { berlinTime, byDay, dataDigest, markPrinted, presentedBuild, recordBuild } from '../../src/output/builds.js';

function snap(progress: number): Snapshot {
  return {
    format: 1,
    generator: 'ratsdeck test',
    deck: '2021-05-hfa',
    audience: 'public',
    title: 'T',
    date: '2021-05-20',
    activities: [{ id: 'a', title: 'A', category: 'administration', progress }],
    networks: [],
  } as Snapshot;
}

const DAY = '2021-05-20';

describe('berlinTime and byDay', () => {
  it('gives the time in Europe/Berlin, summer and winter', () => {
    expect(berlinTime('2021-05-20T15:30:00Z')).toBe('2021-05-20 17:30');
    expect(berlinTime('2021-12-09T23:30:00Z')).toBe('2021-12-10 00:30');
  });

  it('counts the whole session day, in Berlin', () => {
    expect(byDay('2021-05-20T21:59:00Z', DAY)).toBe(true);
    expect(byDay('2021-05-20T22:01:00Z', DAY)).toBe(false);
    expect(byDay('2030-01-01T00:00:00Z', undefined)).toBe(true);
  });
});

describe('dataDigest', () => {
  it('depends on the data, not on key order, the session or the generator', () => {
    const a = snap(10);
    const b = { ...snap(10), generator: 'other', title: 'Other', activities: [{ progress: 10, category: 'administration', title: 'A', id: 'a' }] } as Snapshot;
    expect(dataDigest(a)).toBe(dataDigest(b));
    expect(dataDigest(snap(11))).not.toBe(dataDigest(a));
  });
});

describe('recordBuild and presentedBuild', () => {
  it('the same data built again extends one entry; other data is a new one', () => {
    let log = recordBuild([], snap(10), new Date('2021-05-10T08:00:00Z'), DAY);
    log = recordBuild(log, snap(10), new Date('2021-05-12T08:00:00Z'), DAY);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ first: '2021-05-10T08:00:00.000Z', last: '2021-05-12T08:00:00.000Z' });
    log = recordBuild(log, snap(20), new Date('2021-05-15T08:00:00Z'), DAY);
    expect(log.map((b) => b.snapshot.activities[0]!.progress)).toEqual([20]);
    expect(presentedBuild(log, DAY)!.build.snapshot.activities[0]!.progress).toBe(20);
  });

  it('builds after the session never replace the one before it', () => {
    let log = recordBuild([], snap(10), new Date('2021-05-18T08:00:00Z'), DAY);
    for (const [i, d] of ['2021-06-01', '2021-06-02', '2021-06-03', '2021-07-01'].entries()) {
      log = recordBuild(log, snap(30 + i), new Date(`${d}T08:00:00Z`), DAY);
    }
    expect(log.map((b) => b.snapshot.activities[0]!.progress)).toEqual([10, 33]);
    const p = presentedBuild(log, DAY)!;
    expect(p).toMatchObject({ printed: false });
    expect(p.build.snapshot.activities[0]!.progress).toBe(10);
  });

  it('prefers the last build that was printed by the session day, and names a later unprinted one', () => {
    let log = recordBuild([], snap(10), new Date('2021-05-10T08:00:00Z'), DAY);
    log = markPrinted(log, new Date('2021-05-10T08:05:00Z'));
    log = recordBuild(log, snap(15), new Date('2021-05-19T08:00:00Z'), DAY);
    log = recordBuild(log, snap(40), new Date('2021-06-19T08:00:00Z'), DAY);
    expect(log.map((b) => b.snapshot.activities[0]!.progress)).toEqual([10, 15, 40]);
    const p = presentedBuild(log, DAY)!;
    expect(p.printed).toBe(true);
    expect(p.build.snapshot.activities[0]!.progress).toBe(10);
    expect(p.unprinted!.snapshot.activities[0]!.progress).toBe(15);
    // A print after the session was not handed out at it.
    const late = markPrinted(recordBuild([], snap(10), new Date('2021-05-10T08:00:00Z'), DAY), new Date('2021-06-01T08:00:00Z'));
    expect(presentedBuild(late, DAY)).toMatchObject({ printed: false });
  });

  it('knows no build for the session when every build is later', () => {
    const log = recordBuild([], snap(10), new Date('2021-06-01T08:00:00Z'), DAY);
    expect(presentedBuild(log, DAY)).toBeUndefined();
    expect(presentedBuild([], DAY)).toBeUndefined();
  });

  it('marks only the newest build printed, and the first print counts', () => {
    let log = recordBuild([], snap(10), new Date('2021-05-10T08:00:00Z'), DAY);
    log = markPrinted(log, new Date('2021-05-11T08:00:00Z'));
    log = markPrinted(log, new Date('2021-05-12T08:00:00Z'));
    expect(log[0]!.printed).toBe('2021-05-11T08:00:00.000Z');
    expect(markPrinted([], new Date())).toEqual([]);
  });
});
