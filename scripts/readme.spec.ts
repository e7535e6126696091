// The README is what a newcomer reads first: its description of the built-in lab must match the estate the
// console really ships (resources/lab/estate.json), and its set-up stays exactly two commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ESTATE = JSON.parse(readFileSync(join(ROOT, 'resources/lab/estate.json'), 'utf8')) as { sites: unknown[]; items: unknown[]; plans: unknown[] };

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty'];
function inWords(count: number): string {
  if (count < 20) return WORDS[count] ?? String(count);
  const tens = TENS[Math.floor(count / 10)] ?? String(count);
  return count % 10 === 0 ? tens : `${tens}-${WORDS[count % 10] ?? ''}`;
}

/** The README's lab sentence with its line breaks folded. */
const labSentence = /built-in \*\*lab estate\*\* \(([^)]*)\)/.exec(README.replace(/\s+/g, ' '))?.[1] ?? '';

describe('README', () => {
  it.each([
    ['sites of every kind', ESTATE.sites.length],
    ['machines', ESTATE.items.length],
    ['recovery plans', ESTATE.plans.length],
  ])('counts the lab estate\'s %s as the estate file does', (noun, count) => {
    expect(labSentence).toContain(`${inWords(count)} ${noun}`);
  });

  it('keeps exactly two set-up commands: start the console, and pass the tests', () => {
    const blocks = [...README.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]?.trim());
    expect(blocks).toEqual(['bash scripts/setup.sh && npm start', 'bash scripts/setup.sh && npm test']);
  });
});
