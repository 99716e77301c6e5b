/** True when A and B are the same type (not merely assignable). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when its type argument is `true`; returns it so a test can also assert at run time. */
export function assertType<T extends true>(): T {
  return true as T;
}
