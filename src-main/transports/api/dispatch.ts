import type { AppContext } from '../../composition/app-context.ts';
import { log } from '../../application/log.ts';
import { SYSTEM_CONTEXT, type RequestContext } from '../../application/request-context.ts';
import { channels, isChannel, type Channel } from '../../contract/index.ts';
import { AppError, toErrorPayload, type Envelope } from '../../contract/errors.ts';
import { handlers } from './handlers/index.ts';
import type { Handler } from './handlers/types.ts';

/** Summarises zod issues as "path: message" without echoing the rejected values (they may be secrets). */
function describeIssues(problems: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return problems
    .slice(0, 5)
    .map((problem) => `${problem.path.length > 0 ? problem.path.map(String).join('.') : 'input'}: ${problem.message}`)
    .join('; ');
}

/**
 * The single entry of every transport (Electron IPC, web host, CLI, tests): validates the input against the
 * channel's schema, runs its handler with the caller's request context and wraps the outcome in an envelope.
 * Never throws, never leaks a stack. Each transport passes the context it built for the call; in-process
 * callers (tests, benchmarks) that pass none act as the console itself.
 */
export async function dispatch(app: AppContext, channelName: unknown, rawInput: unknown, context: RequestContext = SYSTEM_CONTEXT): Promise<Envelope<unknown>> {
  if (!isChannel(channelName)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named ${JSON.stringify(String(channelName)).slice(0, 80)}.` } };
  }
  const channel: Channel = channelName;
  const parsed = channels[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `Invalid input for ${channel}: ${describeIssues(parsed.error.issues)}` },
    };
  }
  try {
    const handler = handlers[channel] as Handler<Channel>;
    const result = await handler(parsed.data as never, app, context);
    return { ok: true, result };
  } catch (error) {
    if (!(error instanceof AppError)) log.error('handler failed', { channel, error });
    return { ok: false, error: toErrorPayload(error) };
  }
}


