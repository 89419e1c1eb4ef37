import { readFileSync } from 'node:fs';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { ConfigError, TransientError } from '../errors.js';

/** Called at every SASL authentication and re-authentication, so tokens are always fresh. */
export type TokenProvider = () => Promise<string>;

/** Renew this long before a token expires, so a re-authentication never presents a stale one. */
const RENEW_BEFORE_MS = 60_000;

/** A cached token, renewed when it is about to expire; concurrent callers share one request. */
export function cachedToken(
  fetchToken: () => Promise<{ token: string; expiresAt: number }>,
  now: () => number = Date.now,
): TokenProvider {
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<{ token: string; expiresAt: number }> | undefined;
  return async () => {
    if (current && current.expiresAt - RENEW_BEFORE_MS > now()) return current.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current.token;
  };
}

/** A token file re-read at every authentication (e.g. a projected service-account token). */
export function fileToken(path: string): TokenProvider {
  return async () => readFileSync(path, 'utf8').trim();
}

export interface ClientCredentials {
  tokenEndpointUrl: string;
  clientId: string;
  clientSecret: () => string;
  scope: string | null;
}

/**
 * OAuth 2 client-credentials grant (RFC 6749 §4.4), as Kafka's Java
 * OAuthBearerLoginCallbackHandler does it: client id and secret in HTTP Basic auth, the token
 * and its lifetime from the JSON answer. Errors name the endpoint and status, never the secret.
 */
export function clientCredentialsToken(
  c: ClientCredentials,
  deps: { fetch?: typeof fetch; now?: () => number } = {},
): TokenProvider {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  return cachedToken(async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (c.scope) body.set('scope', c.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret())}`,
    ).toString('base64');
    let response: Response;
    try {
      response = await doFetch(c.tokenEndpointUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new TransientError(
        `OAuth token endpoint ${c.tokenEndpointUrl} unreachable: ${(err as Error).message}`,
        err,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      // 4xx: the client id, secret or scope is wrong; retrying does not help.
      const problem = `OAuth token endpoint ${c.tokenEndpointUrl} answered ${response.status}: ${text.slice(0, 200)}`;
      if (response.status >= 500) throw new TransientError(problem);
      throw new ConfigError([`kafka.sasl.oauthbearer: ${problem}`]);
    }
    const answer = JSON.parse(text) as { access_token?: string; expires_in?: number };
    if (!answer.access_token)
      throw new ConfigError([
        `kafka.sasl.oauthbearer: ${c.tokenEndpointUrl} answered without an access_token`,
      ]);
    return {
      token: answer.access_token,
      expiresAt: now() + (answer.expires_in ?? 3600) * 1000,
    };
  }, now);
}

/**
 * AWS_MSK_IAM: a SigV4-presigned `kafka-cluster:Connect` URL as the OAUTHBEARER token (AWS's
 * aws-msk-iam-sasl-signer-js), signed with the same credential chain as the DynamoDB clients.
 */
export function mskIamToken(
  region: string,
  credentials: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): TokenProvider {
  return cachedToken(async () => {
    const { token, expiryTime } = await generateAuthTokenFromCredentialsProvider({
      region,
      awsCredentialsProvider: credentials,
    });
    return { token, expiresAt: expiryTime };
  }, now);
}
