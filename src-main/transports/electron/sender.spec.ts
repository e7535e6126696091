import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender.ts';

const trusted = { rendererIndexFile: '/opt/failover-console/out/renderer/index.html' };
const appUrl = pathToFileURL(trusted.rendererIndexFile).href;

describe('IPC sender check', () => {
  it("accepts the app's own renderer page, with or without a hash route", () => {
    expect(isTrustedSender(appUrl, trusted)).toBe(true);
    expect(isTrustedSender(`${appUrl}#/jobs`, trusted)).toBe(true);
  });

  it.each([
    ['a foreign web origin', 'https://evil.example/'],
    ['another local file', 'file:///tmp/evil.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['an empty URL', ''],
    ['garbage', 'not a url'],
    ['a look-alike path', 'file:///opt/failover-console/out/renderer/index.html.evil.html'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender(url, trusted)).toBe(false);
  });

  it('refuses a missing frame', () => {
    expect(isTrustedSender(undefined, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });

  it('accepts the dev server only when one is configured, and only on loopback', () => {
    expect(isTrustedSender('http://localhost:5173/', trusted)).toBe(false);
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedSender('http://localhost:5173/#/plans', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSender('http://evil.example:5173/', { ...trusted, devServerUrl: 'http://evil.example:5173' })).toBe(false);
  });
});
