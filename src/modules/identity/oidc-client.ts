/**
 * The OpenID Connect relying party, through `openid-client` (certified): discovery, the authorization code
 * flow with PKCE, `state` and `nonce`, and the ID token checks (signature, issuer, audience, expiry, nonce),
 * all done by the library. This file only adapts it: caching discovery and sorting failures into
 * "the provider cannot be reached" (the page says try later, 503) and "the answer is refused" (400).
 */
import * as client from 'openid-client';
import type { OidcConfig } from '../../platform/config.ts';

/** How long a discovery document is used before it is fetched again (key rotation is handled by the library's JWKS cache). */
const REDISCOVER_MS = 24 * 3600_000;
/** Seconds allowed for each request to the provider. */
const TIMEOUT_SECONDS = 10;

/** The provider could not be reached or answered with a server error. */
export class OidcUnavailableError extends Error {
  constructor(cause: unknown) {
    super('OpenID Connect provider unavailable', { cause });
    this.name = 'OidcUnavailableError';
  }
}

export type OidcRefusal = 'denied' | 'provider_error' | 'invalid_response';

/** The provider's answer is an error, or fails a check (state, PKCE, nonce, signature, issuer, audience, expiry). */
export class OidcRefusedError extends Error {
  constructor(readonly reason: OidcRefusal, cause?: unknown) {
    super(`OpenID Connect response refused: ${reason}`, { cause });
    this.name = 'OidcRefusedError';
  }
}

/** What the browser must bring back (kept in its sealed cookie): the checks for the answer. */
export interface OidcChecks {
  state: string;
  nonce: string;
  verifier: string;
}

export interface OidcIdentity {
  /** The issuer identifier from the provider's (checked) discovery document and ID token. */
  issuer: string;
  subject: string;
  /** The ID token's claims, completed from the UserInfo endpoint when a configured claim is not in the token. */
  claims: Record<string, unknown>;
}

const isNetworkFailure = (error: unknown): boolean =>
  (error instanceof TypeError && error.message === 'fetch failed') ||
  (error instanceof client.ClientError && (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT'));

/** Sorts a failure of a token or UserInfo request; anything that is not the provider's doing is rethrown. */
function classify(error: unknown): Error {
  if (isNetworkFailure(error)) return new OidcUnavailableError(error);
  if (error instanceof client.AuthorizationResponseError) return new OidcRefusedError(error.error === 'access_denied' ? 'denied' : 'provider_error', error);
  if (error instanceof client.ResponseBodyError) return error.status >= 500 ? new OidcUnavailableError(error) : new OidcRefusedError('invalid_response', error);
  if (error instanceof client.WWWAuthenticateChallengeError) return new OidcRefusedError('invalid_response', error);
  if (error instanceof client.ClientError) {
    const response = error.cause;
    if (response instanceof Response && response.status >= 500) return new OidcUnavailableError(error);
    return new OidcRefusedError('invalid_response', error);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export class OidcClient {
  private cached: { config: client.Configuration; at: number } | undefined;
  private pending: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcConfig) {}

  /**
   * The provider's configuration, discovered once and kept for a day. A failed discovery is not kept:
   * the next request tries again (requests arriving meanwhile share one attempt). When a refresh fails,
   * the configuration already known goes on being used.
   */
  async configuration(): Promise<client.Configuration> {
    const cached = this.cached;
    if (cached && Date.now() - cached.at < REDISCOVER_MS) return cached.config;
    this.pending ??= this.discover()
      .then((config) => {
        this.cached = { config, at: Date.now() };
        return config;
      })
      .finally(() => {
        this.pending = undefined;
      });
    try {
      return await this.pending;
    } catch (error) {
      if (cached) {
        // Keep the known configuration and try the refresh again in five minutes, not on every request.
        if (this.cached === cached) this.cached = { config: cached.config, at: Date.now() - REDISCOVER_MS + 5 * 60_000 };
        return cached.config;
      }
      throw new OidcUnavailableError(error);
    }
  }

  private discover(): Promise<client.Configuration> {
    const s = this.settings;
    const auth = s.tokenAuthMethod === 'client_secret_post' ? client.ClientSecretPost(s.clientSecret) : client.ClientSecretBasic(s.clientSecret);
    // Plain http only for a provider on this machine (tests, local trials): config.ts refuses it elsewhere.
    const insecure = new URL(s.issuer).protocol === 'http:';
    return client.discovery(new URL(s.issuer), s.clientId, { client_secret: s.clientSecret }, auth, {
      timeout: TIMEOUT_SECONDS,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
  }

  /** A new authorization request: the URL to send the browser to, and the checks it must bring back. */
  async start(): Promise<{ url: URL; checks: OidcChecks }> {
    const config = await this.configuration();
    const checks: OidcChecks = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      response_type: 'code',
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /**
   * Checks the authorization response (`query`: the callback's query string), redeems the code and
   * validates the ID token. The callback URL is rebuilt from the configured redirect URI, never from the
   * request's Host header.
   */
  async finish(query: string, checks: OidcChecks): Promise<OidcIdentity> {
    const config = await this.configuration();
    const current = new URL(this.settings.redirectUri);
    current.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
      });
    } catch (error) {
      throw classify(error);
    }
    const idToken = tokens.claims();
    if (!idToken) throw new OidcRefusedError('invalid_response');
    let claims: Record<string, unknown> = { ...idToken };
    const wanted = [this.settings.idNumberClaim, this.settings.nameClaim];
    if (wanted.some((c) => claims[c] === undefined) && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        // The library checks that UserInfo speaks of the same subject as the ID token.
        const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken };
      } catch (error) {
        throw classify(error);
      }
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims };
  }
}
