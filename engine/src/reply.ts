/**
 * A request to a worker (thread or process) answered by a message with the
 * same id: what `status()` of the fast and the deep tier wait for.
 */

/**
 * Sends a request with `send` and resolves with the answer that `waits.get(id)`
 * is called with, or with undefined after `timeoutMs` (the timer does not keep
 * the process alive). The entry is removed from `waits` either way.
 */
export function awaitReply<T>(waits: Map<number, (value: T | undefined) => void>, id: number, timeoutMs: number, send: () => void): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), timeoutMs);
    timer.unref();
    const done = (value: T | undefined) => {
      clearTimeout(timer);
      waits.delete(id);
      resolve(value);
    };
    waits.set(id, done);
    send();
  });
}
