/**
 * Which tasks to start and stop so the running set becomes the desired one. Tasks waiting to
 * be restarted after a failure count as running: supervision owns them until they leave the
 * desired set.
 */
export function diffTasks(
  running: Iterable<string>,
  desired: Iterable<string>,
): { start: string[]; stop: string[] } {
  const have = new Set(running);
  const want = new Set(desired);
  return {
    start: [...want].filter((t) => !have.has(t)).sort(),
    stop: [...have].filter((t) => !want.has(t)).sort(),
  };
}
