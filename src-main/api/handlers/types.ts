import type { AppContext } from '../../app/context.ts';
import type { Channel, OutputOf, ParsedInputOf } from '../../contract/index.ts';

export type Handler<C extends Channel> = (input: ParsedInputOf<C>, app: AppContext) => OutputOf<C> | Promise<OutputOf<C>>;

/** One handler for each channel of a domain; the full table (`Handlers`) is checked for completeness. */
export type HandlersFor<C extends Channel> = { [K in C]: Handler<K> };
export type Handlers = HandlersFor<Channel>;
