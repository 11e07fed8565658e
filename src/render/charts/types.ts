/** Input and output types of the chart renderers (re-exported by ../charts.ts). */

export type Lang = 'de' | 'en';

/** A chart rendered at build time: inline SVG plus a text alternative in the deck language. */
export interface Chart {
  svg: string;
  /** One or two sentences summarising the data, for screen readers. */
  description: string;
}

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
