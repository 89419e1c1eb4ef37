import { createHash, timingSafeEqual } from 'node:crypto';

/** What the routes look at in a request. */
export interface RequestInfo {
  method: string;
  url: string;
  /** The Authorization header, if any. */
  authorization?: string | undefined;
  /** The Accept header, if any: a browser asking for / is sent to the status page. */
  accept?: string | undefined;
}

export interface Reply {
  status: number;
  /** JSON; none for 202/204. */
  body?: unknown;
  html?: string;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The status page holds no data (it asks the API, with the token): a browser can load it. */
const PUBLIC = new Set(['/ui']);

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * With http.authToken set, every request but the page needs `Authorization: Bearer <token>`.
 * Compared in constant time (as digests, so lengths do not leak either).
 */
export function refused(req: RequestInfo, path: string, token: string | null): Reply | null {
  if (token === null || PUBLIC.has(path)) return null;
  const given = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
  if (given !== undefined && timingSafeEqual(digest(given), digest(token))) return null;
  return {
    status: 401,
    headers: { 'www-authenticate': 'Bearer' },
    body: {
      error_code: 401,
      message: given === undefined ? 'authorization required: Bearer token' : 'wrong token',
    },
  };
}
