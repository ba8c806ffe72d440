/** Scopes an API key can hold. Keys can never decrypt recipient data, whatever their scopes. */
export const API_KEY_SCOPES = ['issue', 'read', 'revoke'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What an actor may do within one organisation. */
export type Permission = 'issue' | 'read' | 'revoke' | 'manage';

export interface UserSession {
  readonly id: number;
  readonly publicId: string;
  /** The bearer token of this request; needed to open the session's unlock wrap. */
  readonly token: Buffer;
  readonly unlockedOrganisationId: number | null;
  readonly unlockWrap: Buffer | null;
  readonly unlockExpiresAt: string | null;
  /** When this session passed the second factor (log-in with a code, or enrolment); else null. */
  readonly secondFactorAt: string | null;
  /** The session's absolute expiry. */
  readonly expiresAt: string;
}

export interface UserActor {
  readonly kind: 'user';
  readonly userId: number;
  readonly userPublicId: string;
  readonly isPlatformAdmin: boolean;
  /** Whether the user has a second factor (TOTP) switched on. */
  readonly twoFactorEnabled: boolean;
  readonly session: UserSession;
}

export interface ApiKeyActor {
  readonly kind: 'api_key';
  readonly apiKeyId: number;
  readonly apiKeyPublicId: string;
  readonly organisationId: number;
  readonly scopes: readonly ApiKeyScope[];
}

/** Who is acting, as established by authenticate(). Anonymous callers have no actor. */
export type Actor = UserActor | ApiKeyActor;

/** The audit trail's view of an actor: a type and a public id. */
export function auditActor(actor: Actor): { actorType: 'user' | 'api_key'; actorId: string } {
  return actor.kind === 'user'
    ? { actorType: 'user', actorId: actor.userPublicId }
    : { actorType: 'api_key', actorId: actor.apiKeyPublicId };
}
