import { describe, expect, it } from 'vitest';
import { STATUS_PALETTE, type StatusTone } from './status-palette.ts';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe('status badge colours', () => {
  for (const theme of ['dark', 'light'] as const) {
    it.each(Object.keys(STATUS_PALETTE[theme]) as StatusTone[])(`${theme}: %s text meets WCAG AA (4.5:1) on its fill`, (tone) => {
      const colors = STATUS_PALETTE[theme][tone];
      expect(contrast(colors.textColor, colors.color)).toBeGreaterThanOrEqual(4.5);
    });

    it(`${theme}: "done by operator" has its own hue, well apart from "succeeded"`, () => {
      const operator = STATUS_PALETTE[theme].operator;
      const success = STATUS_PALETTE[theme].success;
      expect(operator).not.toEqual(success);
      const apart = Math.abs(hue(operator.textColor) - hue(success.textColor));
      expect(Math.min(apart, 360 - apart)).toBeGreaterThan(60);
    });
  }
});
