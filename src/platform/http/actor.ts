import type { Lang, Translate } from '../i18n/index.ts';

/** The signed-in person behind a request, resolved from the session by the identity module. */
export type Actor = OfficialActor | CitizenActor;

export interface OfficialActor {
  kind: 'official';
  id: number;
  name: string;
  username: string;
  unitId: number;
  unitPath: string;
  unitName: string;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** A step the official must take before anything else. */
  pending: 'change_password' | 'enrol_two_factor' | null;
  twoFactorEnabled: boolean;
}

export interface CitizenActor {
  kind: 'citizen';
  id: number;
  name: string;
  pending: null;
}

/**
 * What a route needs, declared on every route (`config.permission`):
 * `public` — anyone; `signed_in` — any signed-in person; `citizen` — a signed-in citizen;
 * `second_factor` — a session that passed the password and waits for the TOTP code;
 * any other value — an official permission from the identity module's role table.
 */
export type RoutePermission = 'public' | 'signed_in' | 'citizen' | 'second_factor' | (string & {});

export interface RouteConfigExtras {
  permission: RoutePermission;
  /** Reachable while the official still has a pending step (change password, enrol 2FA). */
  allowWhilePending?: boolean;
  /** Exempt from CSRF checks: only for server-to-server callbacks with their own signature. */
  csrfExempt?: boolean;
  /** Served without looking up the session (health checks, metrics, static files): must be `public`. */
  skipSession?: boolean;
  /** Takes `multipart/form-data` (file uploads, see multipart.ts): POST routes behind a permission only (but see `publicUpload`). */
  multipart?: boolean;
  /**
   * A `multipart` route anyone may post to (the public document verifier): stated on purpose, and refused at
   * start-up unless the route is also rate-limited (`rateLimit`), since its uploads are read before anything else.
   */
  publicUpload?: boolean;
  /** The largest file a multipart route keeps (default MAX_UPLOAD_BYTES, 512 KB). */
  maxUploadBytes?: number;
  /** How many files a multipart route takes (default 1; the whole request stays within its size bound). */
  maxUploadFiles?: number;
  /** How many text fields a multipart form may have, the CSRF field included (default 10). */
  maxFormFields?: number;
}

export interface SessionInfo {
  token: string;
  stage: 'second_factor' | 'active';
  subject: 'official' | 'citizen';
  officialId: number | null;
  unitId: number | null;
  citizenId: number | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    /** Set when a session cookie came in but named no valid session. */
    sessionExpired: boolean;
    lang: Lang;
    t: Translate;
  }
  interface FastifyContextConfig extends Partial<RouteConfigExtras> {}
}
