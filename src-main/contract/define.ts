import type { z } from 'zod';

/** A type carried only at compile time: the output of a channel or the payload of an event. */
export interface Phantom<T> {
  readonly __type?: T;
}

export function returns<T>(): Phantom<T> {
  return {};
}

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly output: Phantom<O>;
  readonly summary: string;
}

export function channel<I extends z.ZodType, O>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> {
  return spec;
}

export interface EventSpec<P = unknown> {
  readonly payload: Phantom<P>;
  readonly summary: string;
}

export function event<P>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}
