/**
 * Wall-clock time in Europe/Berlin, the time council sessions are given in: the one owner of
 * that conversion (the build log's times, OParl's date-times). The formatter is made on first
 * use: loading the time-zone data costs some 30 ms, which a command that never needs it (e.g.
 * `validate`) should not pay.
 */
let formatter: Intl.DateTimeFormat | undefined;

/** A moment as its date (YYYY-MM-DD) and time (HH:MM) on a clock in Berlin. */
export function berlinClock(at: Date | string | number): { date: string; time: string } {
  formatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(formatter.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The offset from UTC in force in Berlin at a moment, in minutes: 60 in winter, 120 in summer. */
export function berlinOffsetMinutes(at: number): number {
  const { date, time } = berlinClock(at);
  return Math.round((Date.parse(`${date}T${time}:00Z`) - Math.floor(at / 60_000) * 60_000) / 60_000);
}
