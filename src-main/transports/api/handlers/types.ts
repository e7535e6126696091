import type { AppContext } from '../../../composition/app-context.ts';
import type { RequestContext } from '../../../application/request-context.ts';
import type { Channel, OutputOf, ParsedInputOf } from '../../../contract/index.ts';

/** A use case behind a channel: its validated input, the services, and who asks through what (audited as the actor). */
export type Handler<C extends Channel> = (input: ParsedInputOf<C>, app: AppContext, context: RequestContext) => OutputOf<C> | Promise<OutputOf<C>>;

/** One handler for each channel of a domain; the full table (`Handlers`) is checked for completeness. */
export type HandlersFor<C extends Channel> = { [K in C]: Handler<K> };
export type Handlers = HandlersFor<Channel>;
