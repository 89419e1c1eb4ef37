let counter = 0;

/** A table/topic/group name no other test (or earlier run) uses: letters, digits and dashes only. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const rand = Math.random().toString(36).slice(2, 7);
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}-${rand}`;
}
