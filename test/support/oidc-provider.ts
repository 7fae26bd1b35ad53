/**
 * A real OpenID Connect provider for the tests: `oidc-provider` (the certified reference implementation)
 * on 127.0.0.1 and a random port, in the test's own process. Its login step needs no form: it approves
 * the configured account at once (or, with `outcome = 'deny'`, ends with error=access_denied), and consent
 * is granted for whatever the client asked.
 *
 *   const op = await startOidcProvider({ clientId, clientSecret, redirectUri });
 *   op.accounts.set('sub-1', { name: 'Nguyễn Văn A', citizen_id: '001090000001' });
 *   op.signInAs = 'sub-1';
 *   const callbackUrl = await op.authorize(authorizeUrlFromTheApp);
 *
 * oidc-provider 9 prints that Node 20 is unsupported; it runs on Node 20 for everything used here.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestOidcProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Scope name → the claims it releases (besides the standard `openid` and `profile`). */
  extraScopes?: Record<string, string[]>;
  /** A fixed port (for trying the sign-in by hand); a random one by default. */
  port?: number;
}

export interface TestOidcProvider {
  issuer: string;
  /** Each account's claims (besides `sub`), by subject. */
  accounts: Map<string, Record<string, unknown>>;
  /** The subject the login step approves. */
  signInAs: string;
  /** `deny`: the login step ends with error=access_denied, as when the person cancels. */
  outcome: 'approve' | 'deny';
  /** While true, every request answers 503 (discovery included). */
  down: boolean;
  /**
   * Follows an authorization URL through the provider as a browser would (its own cookie jar, redirects
   * followed by hand) and returns the URL it finally sends the browser back to (the redirect URI).
   */
  authorize(url: URL | string): Promise<URL>;
  close(): Promise<void>;
}

interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  params: { client_id: string };
  session?: { accountId: string };
  grantId?: string;
}

interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}

interface Provider {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: object, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: { new (o: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  on(event: string, listener: (...args: unknown[]) => void): void;
}

type ProviderClass = new (issuer: string, configuration: object) => Provider;

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  // The package has no type declarations: the few members used are typed above.
  const { default: ProviderCtor } = (await import('oidc-provider' as string)) as { default: ProviderClass };

  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const extraScopes = options.extraScopes ?? {};
  const state: Omit<TestOidcProvider, 'authorize' | 'close'> = { issuer, accounts: new Map(), signInAs: '', outcome: 'approve', down: false };

  const provider = new ProviderCtor(issuer, {
    clients: [{
      client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [options.redirectUri],
      response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    scopes: ['openid', 'profile', ...Object.keys(extraScopes)],
    claims: { openid: ['sub'], profile: ['name'], ...extraScopes },
    findAccount: async (_ctx: unknown, sub: string) => {
      const claims = state.accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ ...claims, sub }) };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['test-only-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
  });

  const callback = provider.callback();
  handler = (req, res) => {
    if (state.down) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      return;
    }
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      return;
    }
    callback(req, res);
  };

  /** The login and consent steps, answered without a page. */
  async function interact(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (state.outcome === 'deny') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled.' }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: state.signInAs } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  async function authorize(start: URL | string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = new URL(start);
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = /expires=Thu, 01 Jan 1970/i.test(line) || value === '';
        if (expired) jar.delete(name);
        else jar.set(name, value);
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status} without a redirect: ${(await res.text()).slice(0, 500)}`);
      url = new URL(location, url);
      if (url.href.startsWith(options.redirectUri)) return url;
    }
    throw new Error('the provider redirected too many times');
  }

  return Object.assign(state, {
    authorize,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  });
}
