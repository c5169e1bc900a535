import { describe, expect, it, vi } from 'vitest';
import { createRequestLayer } from './request';
import type { TokenStore, Tokens } from './session';

function memoryTokens(initial: Tokens | null): TokenStore & { value: Tokens | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (t: Tokens) => {
      store.value = t;
    },
    clear: () => {
      store.value = null;
    },
  };
  return store;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

/** A fake server: access tokens `a<n>` are valid once refresh has issued them; `a0` has expired. */
function fakeServer(opts: { refreshFails?: boolean; refreshDelay?: number } = {}) {
  let issued = 0;
  let valid = 'never';
  const seen: { path: string; auth: string | null; lang: string | null }[] = [];
  const refreshBodies: string[] = [];
  const fetch = vi.fn(async (req: Request) => {
    const path = new URL(req.url).pathname;
    seen.push({ path, auth: req.headers.get('Authorization'), lang: req.headers.get('Accept-Language') });
    if (path === '/api/v1/auth/refresh') {
      refreshBodies.push(await req.text());
      if (opts.refreshDelay) await new Promise((r) => setTimeout(r, opts.refreshDelay));
      if (opts.refreshFails) return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }, 'application/problem+json');
      issued++;
      valid = `a${issued}`;
      return json(200, { access_token: valid, refresh_token: `r${issued}`, token_type: 'Bearer', expires_in: 900 });
    }
    if (req.headers.get('Authorization') !== `Bearer ${valid}`) {
      return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }, 'application/problem+json');
    }
    if (path === '/api/v1/sites' && req.method === 'POST') {
      const body = (await req.json()) as { name: string };
      return json(201, { echoed: body.name });
    }
    return json(200, { items: [], page: 1, per_page: 50, total: 0 });
  });
  return { fetch, seen, refreshBodies, refreshCount: () => refreshBodies.length };
}

function layer(server: ReturnType<typeof fakeServer>, tokens: TokenStore, onSessionEnded = vi.fn(), lang = 'en') {
  const { client } = createRequestLayer({
    baseUrl: 'http://test',
    tokens,
    acceptLanguage: () => lang,
    onSessionEnded,
    fetch: server.fetch,
  });
  return { client, onSessionEnded };
}

describe('request layer', () => {
  it('sends the bearer token and the UI language', async () => {
    const server = fakeServer();
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client } = layer(server, tokens, vi.fn(), 'zh-CN, zh;q=0.9');
    await client.GET('/api/v1/sites');
    expect(server.seen[0]).toMatchObject({ auth: 'Bearer a0', lang: 'zh-CN, zh;q=0.9' });
  });

  it('refreshes once on 401 and retries the request with the new token', async () => {
    const server = fakeServer();
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client, onSessionEnded } = layer(server, tokens);
    const { data, response } = await client.GET('/api/v1/sites');
    expect(response.status).toBe(200);
    expect(data?.total).toBe(0);
    expect(server.refreshCount()).toBe(1);
    expect(JSON.parse(server.refreshBodies[0]!)).toEqual({ refresh_token: 'r0' });
    expect(tokens.value).toEqual({ access_token: 'a1', refresh_token: 'r1' });
    expect(server.seen.map((s) => s.auth)).toEqual(['Bearer a0', null, 'Bearer a1']);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('replays the request body on the retry', async () => {
    const server = fakeServer();
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client } = layer(server, tokens);
    const { data, response } = await client.POST('/api/v1/sites', { body: { name: 'Plant 1', code: 'p1' } });
    expect(response.status).toBe(201);
    expect(data).toEqual({ echoed: 'Plant 1' });
  });

  it('shares one refresh between concurrent 401s (single flight)', async () => {
    const server = fakeServer({ refreshDelay: 20 });
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client, onSessionEnded } = layer(server, tokens);
    const answers = await Promise.all([
      client.GET('/api/v1/sites'),
      client.GET('/api/v1/users'),
      client.GET('/api/v1/zones'),
      client.GET('/api/v1/api-keys'),
    ]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200, 200, 200]);
    expect(server.refreshCount()).toBe(1);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('does not refresh again for a request that failed with a token already replaced', async () => {
    const server = fakeServer({ refreshDelay: 5 });
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client } = layer(server, tokens);
    await client.GET('/api/v1/sites');
    expect(server.refreshCount()).toBe(1);
    // The token now in the store works; a second call needs no refresh.
    await client.GET('/api/v1/users');
    expect(server.refreshCount()).toBe(1);
  });

  it('ends the session once when the refresh fails, and returns the 401', async () => {
    const server = fakeServer({ refreshFails: true });
    const tokens = memoryTokens({ access_token: 'a0', refresh_token: 'r0' });
    const { client, onSessionEnded } = layer(server, tokens);
    const answers = await Promise.all([client.GET('/api/v1/sites'), client.GET('/api/v1/users')]);
    expect(answers.map((a) => a.response.status)).toEqual([401, 401]);
    expect(server.refreshCount()).toBe(1);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(tokens.value).toBeNull();
  });

  it('never refreshes for the login call itself', async () => {
    const server = fakeServer();
    const tokens = memoryTokens(null);
    const { client, onSessionEnded } = layer(server, tokens);
    const { response } = await client.POST('/api/v1/auth/login', {
      body: { tenant: 'demo', username: 'admin', password: 'wrong' },
    });
    expect(response.status).toBe(401);
    expect(server.refreshCount()).toBe(0);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('does not try to refresh without a session', async () => {
    const server = fakeServer();
    const tokens = memoryTokens(null);
    const { client, onSessionEnded } = layer(server, tokens);
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(server.refreshCount()).toBe(0);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });
});
