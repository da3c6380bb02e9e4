// Building blocks of the IPC contract. A request pairs a zod schema for its
// arguments (checked by the main side on every call, whoever sent it) with a
// result type that exists only for the compiler: results come from our own
// code, so they are typed, not re-validated.
import type { z } from 'zod';

export interface RequestSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  readonly args: A;
  /** Phantom: never read at run time, carries the result type. */
  readonly result: R;
}

export function request<R>() {
  return <A extends z.ZodType>(args: A): RequestSpec<A, R> => ({ args, result: undefined as R });
}

export interface EventSpec<P = unknown> {
  /** Phantom: carries the payload type. */
  readonly payload: P;
}

export function event<P>(): EventSpec<P> {
  return { payload: undefined as P };
}
