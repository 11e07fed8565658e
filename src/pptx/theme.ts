/**
 * The theme's colours and font for PowerPoint, read from the same CSS the HTML deck uses
 * (themes/base.css, then the deck's theme, then the city colour), so that one place decides
 * how a theme looks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customProperties } from '../bundle/css.js';
import { BUILTIN_THEMES, themeFile } from '../render/render.js';
import type { ThemeColour } from './canvas.js';
import type { PptxTheme } from './writer.js';

const ROLES: Record<ThemeColour, string> = {
  bg: '--rd-bg',
  fg: '--rd-fg',
  muted: '--rd-muted',
  accent: '--rd-accent',
  accentFg: '--rd-accent-fg',
  surface: '--rd-surface',
  border: '--rd-border',
  green: '--rd-green',
  yellow: '--rd-yellow',
  red: '--rd-red',
  grey: '--rd-grey',
  chartPlan: '--rd-chart-plan',
  chartActual: '--rd-chart-actual',
};

/** What base.css sets, should a project theme leave a role unset and base.css be unreadable. */
const FALLBACK: Record<ThemeColour, string> = {
  bg: 'FFFFFF',
  fg: '1B1F24',
  muted: '4F5660',
  accent: '00508C',
  accentFg: 'FFFFFF',
  surface: 'F1F4F8',
  border: 'C5CCD6',
  green: '1E7B34',
  yellow: 'E0A800',
  red: 'C0392B',
  grey: '8A8F96',
  chartPlan: '6B8DB3',
  chartActual: '00508C',
};

/**
 * Fonts every Windows PC in an administration has. PowerPoint files name one font per text
 * run and do not carry the web fonts the HTML deck ships; a theme's first font that Windows
 * has is used, so that the slide looks the same on every machine it is opened on.
 */
const WINDOWS_FONTS = ['Segoe UI', 'Arial', 'Verdana', 'Calibri', 'Tahoma', 'Trebuchet MS', 'Georgia', 'Times New Roman', 'Cambria', 'Candara', 'Corbel', 'Consolas'];

/** `#abc`, `#aabbcc` or `rgb(…)` as PowerPoint's `AABBCC`; undefined for anything else. */
export function hexColour(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (m) return `${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toUpperCase();
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(v);
  if (m) return m[1]!.toUpperCase();
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(v);
  if (m) return [m[1], m[2], m[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('').toUpperCase();
  return undefined;
}

/** The first font of a CSS font stack that Windows has, else Arial. */
export function windowsFont(stack: string | undefined): string {
  const families = (stack ?? '').split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, ''));
  return families.find((f) => WINDOWS_FONTS.some((w) => w.toLowerCase() === f.toLowerCase())) ?? 'Arial';
}

export function pptxTheme(theme: string | undefined, projectRoot: string, cityColour?: string): PptxTheme {
  const props = new Map<string, string>();
  for (const file of [join(BUILTIN_THEMES, 'base.css'), themeFile(theme, projectRoot)]) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [k, v] of customProperties(text)) props.set(k, v);
  }
  if (cityColour) props.set('--rd-city', cityColour);
  const resolveVar = (name: string, depth = 0): string | undefined => {
    const v = props.get(name);
    if (v === undefined || depth > 8) return undefined;
    const ref = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(v);
    if (ref) return resolveVar(ref[1]!, depth + 1) ?? ref[2];
    return v;
  };
  const colours = {} as Record<ThemeColour, string>;
  for (const [role, prop] of Object.entries(ROLES) as [ThemeColour, string][]) {
    const v = resolveVar(prop);
    colours[role] = (v && hexColour(v)) ?? FALLBACK[role];
  }
  const px = /^([\d.]+)px$/.exec(resolveVar('--rd-size') ?? '');
  // 1 CSS px = 0.75 pt; the HTML slide is 1280 px wide like the PowerPoint slide's 13.33 in at 96 dpi.
  const size = px ? Math.round(Number(px[1]) * 0.75) : 20;
  return { colours, font: windowsFont(resolveVar('--rd-font')), size };
}
