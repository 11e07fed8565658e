/** Input and output types of the chart renderers (re-exported by ../charts.ts). */

export type Lang = 'de' | 'en';

/** A chart rendered at build time: inline SVG plus a text alternative in the deck language. */
export interface Chart {
  svg: string;
  /** One or two sentences summarising the data, for screen readers. */
  description: string;
  /** The chart's data, for renderers that draw it natively (PowerPoint); absent for an empty chart. */
  data?: ChartData;
}

/** What a chart shows, as numbers: the PowerPoint export draws it as a native chart or as shapes. */
export type ChartData =
  | { kind: 'budget'; labels: string[]; plan: number[]; actual: number[] }
  | { kind: 'status'; counts: StatusCount[] }
  | {
      kind: 'timeline';
      /** Row labels, top to bottom. */
      rows: string[];
      /** The window and today, in ms since the epoch (UTC midnights). */
      lo: number;
      hi: number;
      today: number;
      /** `partial`: only one end is known, the bar runs to the window's edge. */
      bars: { row: number; s: number; e: number; partial: boolean }[];
      marks: { row: number; t: number; done: boolean; title: string }[];
    };

export interface BudgetRow {
  label: string;
  plan?: number;
  actual?: number;
}

export interface StatusCount {
  light: 'green' | 'yellow' | 'red' | 'grey';
  label: string;
  count: number;
}

export interface TimelineItem {
  label: string;
  start?: string;
  end?: string;
  milestones: { title: string; due: string; done?: boolean }[];
}
