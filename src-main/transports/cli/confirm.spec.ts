import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../orchestration/testing.ts';
import type { CliIo } from './command.ts';
import { runCli } from './run.ts';

let temp: TestApp;
beforeEach(() => {
  temp = openTestApp();
});
afterEach(() => temp.dispose());

/** A terminal whose operator types `answer` at the confirmation prompt (null: not a terminal). */
async function cli(answer: string | null, ...argv: string[]): Promise<{ code: number; stderr: string; questions: string[] }> {
  let stderr = '';
  const questions: string[] = [];
  const io: CliIo = { out: () => undefined, err: (text) => (stderr += text), readStdin: async () => '' };
  if (answer !== null) {
    io.isInteractive = true;
    io.prompt = async (question) => {
      questions.push(question);
      return answer;
    };
  }
  const code = await runCli(argv, { app: temp.app, io });
  return { code, stderr, questions };
}

const jobCount = (): number => temp.app.jobs.list({}).length;

describe('CLI confirmation of destructive operations (docs/decisions.md "The CLI confirms destructive operations at a terminal")', () => {
  it('at a terminal a planned failover says what will happen and a wrong name starts nothing', async () => {
    const result = await cli('App tier', 'failover', '--plan', 'plan-apps', '--type', 'planned');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/will shut down at .+, synchronise and start at .+ \(R5: no data loss\)/);
    expect(result.questions[0]).toMatch(/Type the plan's name \(.+\) to confirm/);
    expect(result.stderr).toContain('Nothing was started');
    expect(jobCount()).toBe(0);
  });

  it('at a terminal the plan name typed exactly starts the planned failover', async () => {
    const planName = temp.app.estate().plans.find((plan) => plan.id === 'plan-apps')!.name;
    const result = await cli(` ${planName} `, 'failover', '--plan', 'plan-apps', '--type', 'planned');
    expect(result.code).toBe(0);
    expect(result.questions).toHaveLength(1);
    expect(jobCount()).toBe(1);
  });

  it('--yes, piped input and a test failover do not ask', async () => {
    expect((await cli('wrong', 'failover', '--plan', 'plan-apps', '--type', 'test', '--network', 'none')).questions).toEqual([]);
    const piped = await cli(null, 'failover', '--plan', 'plan-core', '--type', 'planned');
    expect(piped.questions).toEqual([]);
    const yes = await cli('wrong', 'commit', '--item', 'APP02', '--yes');
    expect(yes.questions).toEqual([]);
  });
});
