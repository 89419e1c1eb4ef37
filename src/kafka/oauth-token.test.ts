import { describe, expect, it } from 'vitest';
import { cachedToken, clientCredentialsToken, mskIamToken } from './oauth-token.js';

describe('cachedToken', () => {
  it('fetches once, shares the request between callers, renews a minute before expiry', async () => {
    let clock = 0;
    let fetches = 0;
    const provider = cachedToken(
      async () => {
        fetches++;
        return { token: `t${fetches}`, expiresAt: clock + 600_000 };
      },
      () => clock,
    );
    expect(await Promise.all([provider(), provider()])).toEqual(['t1', 't1']);
    clock = 539_000;
    expect(await provider()).toBe('t1');
    clock = 540_001;
    expect(await provider()).toBe('t2');
    expect(fetches).toBe(2);
  });
});

describe('clientCredentialsToken', () => {
  const seen: { url: string; init: RequestInit }[] = [];
  const answer = (status: number, body: unknown) =>
    (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify(body), { status });
    }) as unknown as typeof fetch;
  const creds = {
    tokenEndpointUrl: 'https://idp.example/token',
    clientId: 'connector',
    clientSecret: () => 'the-secret',
    scope: 'kafka',
  };

  it('asks with the client-credentials grant and HTTP Basic auth', async () => {
    const token = clientCredentialsToken(creds, {
      fetch: answer(200, { access_token: 'abc', expires_in: 300 }),
    });
    expect(await token()).toBe('abc');
    const { url, init } = seen.at(-1) as { url: string; init: RequestInit };
    expect(url).toBe('https://idp.example/token');
    expect(String(init.body)).toBe('grant_type=client_credentials&scope=kafka');
    const auth = (init.headers as Record<string, string>).authorization as string;
    expect(Buffer.from(auth.replace('Basic ', ''), 'base64').toString()).toBe(
      'connector:the-secret',
    );
  });

  it.each([
    { status: 401, retriable: false },
    { status: 503, retriable: true },
  ])(
    'HTTP $status: retriable $retriable, and the secret is not in the message',
    async ({ status, retriable }) => {
      const token = clientCredentialsToken(creds, { fetch: answer(status, { error: 'nope' }) });
      const err = await token().catch((e) => e);
      expect(err.retriable).toBe(retriable);
      expect(err.message).toContain(String(status));
      expect(err.message).not.toContain('the-secret');
    },
  );
});

describe('mskIamToken', () => {
  it('is a presigned kafka-cluster:Connect URL for the region, signed with the given credentials', async () => {
    const token = mskIamToken('eu-west-1', async () => ({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    }));
    const value = await token();
    const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
    expect(url.hostname).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(value).not.toContain('wJalrXUtnFEMI');
  });
});
