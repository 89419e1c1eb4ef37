/**
 * The AWS SDK's logger middleware builds a redacted copy of every response for its logger even
 * when that logger discards it (the default NoOpLogger does). For 1 MB Scan and GetRecords pages
 * that copy was a fifth of the connector's busy CPU time (bench profile, docs in bench/README.md).
 * The connector logs its calls and their failures itself, so the middleware goes.
 */
export function withoutSdkLogging<C extends { middlewareStack: { remove(name: string): boolean } }>(
  client: C,
): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
