// The preload carries the hand-kept names module instead of the contract's schemas: it must list exactly the
// contract's channels and events, or a channel would be missing from window.api (docs/performance.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channels, events } from '../src-main/contract/index.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../src-main/contract/names.ts';

describe('contract names for the preload', () => {
  it('lists exactly the contract channels and events, in the contract order', () => {
    expect([...CHANNEL_NAMES]).toEqual(Object.keys(channels));
    expect([...EVENT_NAMES]).toEqual(Object.keys(events));
  });

  it('imports no zod and nothing but types from the contract index, so the preload bundle carries no schema', () => {
    for (const file of ['../src-main/contract/names.ts', '../src-main/contract/version.ts', './index.ts']) {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(text).not.toMatch(/from 'zod'/);
      for (const line of text.split('\n').filter((l) => /^import .*contract\/index\.ts'|^import .*'\.\/index\.ts'/.test(l))) expect(line).toMatch(/^import type /);
    }
  });
});
