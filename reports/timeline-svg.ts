// Small SVG builders for the timeline. Every element placed in time carries its
// time in ms (data-a, and data-b for spans) and a kind (data-k), so the zoom
// script can re-place it for any window without re-rendering; the x computed
// here is the whole-run view, so the SVG reads correctly without JavaScript.

import { esc } from './escape.js';

export const W = 1200, LEFT = 128, RIGHT = 12, PW = W - LEFT - RIGHT;

export class TimeScale {
  constructor(readonly endMs: number) {}
  x(ms: number): number {
    return round(LEFT + (Math.min(Math.max(ms, 0), this.endMs) / this.endMs) * PW);
  }
}

export const round = (v: number): number => Math.round(v * 10) / 10;

/** `b` Infinity or beyond the end means "to the end of the run". */
const attrB = (b: number): string => (Number.isFinite(b) ? String(Math.round(b)) : 'end');

export function link(href: string | undefined, inner: string): string {
  return href ? `<a href="${esc(href)}">${inner}</a>` : inner;
}

export function span(s: TimeScale, a: number, b: number, y: number, h: number, cls: string, title: string, extra = ''): string {
  const x1 = s.x(a), x2 = s.x(Number.isFinite(b) ? b : s.endMs);
  return `<rect class="${cls}" data-k="r" data-a="${Math.round(a)}" data-b="${attrB(b)}" x="${x1}" y="${round(y)}" width="${round(Math.max(2, x2 - x1))}" height="${round(h)}"${extra}><title>${esc(title)}</title></rect>`;
}

export function dot(s: TimeScale, t: number, y: number, r: number, cls: string, title: string): string {
  return `<circle class="${cls}" data-k="c" data-a="${Math.round(t)}" cx="${s.x(t)}" cy="${round(y)}" r="${round(r)}"><title>${esc(title)}</title></circle>`;
}

/** A glyph (path drawn around 0,0) translated to (x(t), y). */
export function glyph(s: TimeScale, t: number, y: number, d: string, cls: string, title: string): string {
  return `<path class="${cls}" data-k="g" data-a="${Math.round(t)}" data-y="${round(y)}" transform="translate(${s.x(t)},${round(y)})" d="${d}"><title>${esc(title)}</title></path>`;
}

export function vline(s: TimeScale, t: number, y1: number, y2: number, cls: string): string {
  return `<line class="${cls}" data-k="l" data-a="${Math.round(t)}" x1="${s.x(t)}" x2="${s.x(t)}" y1="${round(y1)}" y2="${round(y2)}"/>`;
}

export function label(s: TimeScale, t: number, y: number, text: string, cls: string): string {
  return `<text class="${cls}" data-k="t" data-a="${Math.round(t)}" x="${round(s.x(t) + 3)}" y="${round(y)}">${esc(text)}</text>`;
}

export const CROSS = 'M-3.5,-3.5l7,7m0,-7l-7,7';
export const TRIANGLE_DOWN = 'M0,0l-4.5,-7h9z';
export const TRIANGLE_UP = 'M0,0l-4.5,7h9z';

/** Round tick steps in ms for a window, at most ~12 ticks (the zoom script has the same table). */
export function ticks(fromMs: number, toMs: number): number[] {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200].map((x) => x * 1000);
  const span = Math.max(toMs - fromMs, 1);
  const step = steps.find((x) => span / x <= 12) ?? Math.ceil(span / 12);
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) out.push(t);
  return out;
}
