/**
 * Starts a read whose result is awaited later: the next page, fetched while the current one goes
 * to Kafka, so the two round trips overlap. Its failure is marked handled at once, because Node
 * ends the process on a rejection left unhandled past the current tick, and the await comes only
 * after the delivery; the failure still surfaces at that await.
 */
export function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}
