// Comments and test titles say why, or cite what a newcomer can open: a rule id (R1–R19, LOCK), docs/*.md or a
// docs/decisions.md heading. References to issue numbers, review findings or sections of a specification that is
// not in the repository ("§6") cannot be looked up, so this guard keeps them from coming back.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const THIS_FILE = relative(ROOT, import.meta.filename).split('\\').join('/');
const SOURCE_ROOTS = ['src-main', 'src-renderer', 'src-preload', 'e2e', 'scripts', 'eslint.config.js'];
const SOURCE_FILE = /\.(ts|vue|css|js)$/;
/** The same pattern as `git grep -i -E 'issue [0-9]+|issue #[0-9]+|finding [0-9]+|§ ?[0-9]|\(issue'`. */
const UNREADABLE_CITATION = /issue [0-9]+|issue #[0-9]+|finding [0-9]+|§ ?[0-9]|\(issue/i;

/** Tracked source files, plus new ones not yet added, so a citation is caught before its first commit. */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...SOURCE_ROOTS], { cwd: ROOT, encoding: 'utf8' });
  const files = [...new Set(listed.split('\0'))].filter((file) => SOURCE_FILE.test(file) && file !== THIS_FILE);
  // A file deleted from the working tree but still in the index has nothing left to check.
  return files.filter((file) => existsSync(join(ROOT, file)));
}

function unreadableCitations(): string[] {
  const hits: string[] = [];
  for (const file of sourceFiles()) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (UNREADABLE_CITATION.test(line)) hits.push(`${file}:${String(index + 1)}: ${line.trim()}`);
      });
  }
  return hits;
}

describe('comments and test titles cite what a newcomer can look up', () => {
  it('lists source files to check', () => {
    // Guards the guard: an empty listing (git missing, wrong root) would pass without checking anything.
    expect(sourceFiles()).toContain('src-main/orchestration/job-engine.ts');
    expect(sourceFiles()).not.toContain(THIS_FILE);
  });

  it('no source file cites an issue number, a review finding or a section of a document outside the repository', () => {
    expect(unreadableCitations(), 'state the reason in plain words, or cite a rule id (R1–R19, LOCK) or a docs/*.md page instead').toEqual([]);
  });
});
