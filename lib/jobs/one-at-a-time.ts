/**
 * Runs the given tasks one after another, in the order they arrive. A worker
 * process shares its CPU cores and its event loop between the queues it
 * serves; two trainings at once (a render and a talent's base model) would
 * each take twice as long and starve the other's heartbeat, so CPU-bound jobs
 * take turns inside one process. More throughput comes from more worker
 * processes, not from interleaving in one.
 */
export function oneAtATime() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
