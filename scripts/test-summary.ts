// Prints one closing line over both runners ("tests: N passed, N failed, N skipped") from their JSON
// reports, so a reader (and CI) sees the whole suite's outcome in one place.
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

const [vitestFile, playwrightFile] = process.argv.slice(2);
const parts: Counts[] = [];
const missing: string[] = [];
for (const [file, read] of [
  [vitestFile, vitestCounts],
  [playwrightFile, playwrightCounts],
] as const) {
  if (file && existsSync(file)) parts.push(read(file));
  else missing.push(file ?? '(none)');
}
const total = parts.reduce((sum, c) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed, skipped: sum.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
if (missing.length > 0) process.stdout.write(`(no report from ${missing.join(', ')}: that runner did not finish)\n`);
process.stdout.write(`tests: ${total.passed} passed, ${total.failed + missing.length} failed, ${total.skipped} skipped\n`);
process.exitCode = total.failed + missing.length > 0 ? 1 : 0;
