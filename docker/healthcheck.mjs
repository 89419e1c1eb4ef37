// The image's HEALTHCHECK: GET /healthz of the worker in this container. Node's own fetch, since
// slim images have no curl. It reads the port and token from the same variables as the worker
// (a port or token set only in the config file must be given as HTTP_PORT / HTTP_AUTH_TOKEN too).
const port = process.env.HTTP_PORT || '8083';
const token = process.env.HTTP_AUTH_TOKEN;
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(4000),
  });
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`healthz: ${err.cause?.code ?? err.message}`);
  process.exit(1);
}
