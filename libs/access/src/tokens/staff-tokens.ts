import { STAFF_ROLES, StaffPrincipal, StaffRole } from '../principal';
import { jose } from './jose';

const ISSUER = 'waybill';
const AUDIENCE = 'waybill-staff';

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
  expiresIn: number;
  /** When the session ends: no renewal goes past it (only for tokens issued with an end). */
  sessionEndsAt?: Date;
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'token expired' : 'invalid token');
  }
}

/** Verified tokens kept per process; a dashboard or script sends the same token many times. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Short-lived HS256 JWTs for staff: `sub` the user id, `role`, `email`. */
export class StaffTokens {
  private readonly key: Uint8Array;
  /**
   * Token → who it names, for tokens this process already verified. A token's answer cannot change
   * before it expires (the key is fixed for the process), so only expiry is checked again; this
   * saves the HMAC and claim checks on every request of a signed-in client.
   */
  private readonly verified = new Map<string, StaffPrincipal>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * A token for `user`. A sign-in starts a session; a renewal passes the session's start (kept in
   * `auth_time`) and its end, which caps the token's expiry.
   */
  async issue(
    user: { id: string; email: string; role: StaffRole },
    session: { startedAt: Date; endsAt?: Date } = { startedAt: this.now() },
  ): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const sessionEnd = session.endsAt ? Math.floor(session.endsAt.getTime() / 1000) : Infinity;
    const expiresAtSeconds = Math.min(issuedAt + this.ttlSeconds, sessionEnd);
    const authTime = Math.floor(session.startedAt.getTime() / 1000);
    const accessToken = await new jose.SignJWT({ role: user.role, email: user.email, auth_time: authTime })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .sign(this.key);
    return {
      accessToken,
      expiresAt: new Date(expiresAtSeconds * 1000),
      expiresIn: expiresAtSeconds - issuedAt,
      ...(session.endsAt ? { sessionEndsAt: new Date(sessionEnd * 1000) } : {}),
    };
  }

  /** The staff member a token names, or InvalidTokenError: bad signature, wrong alg, expired, malformed. */
  async verify(token: string): Promise<StaffPrincipal> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt.getTime() > this.now().getTime()) return known;
      this.verified.delete(token);
      throw new InvalidTokenError('expired');
    }
    const principal = await this.verifyAfresh(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, principal);
    return principal;
  }

  private async verifyAfresh(token: string): Promise<StaffPrincipal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jose.jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new InvalidTokenError((error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid');
    }
    const role = payload.role as StaffRole;
    if (!STAFF_ROLES.includes(role) || typeof payload.email !== 'string') throw new InvalidTokenError('invalid');
    return {
      kind: 'staff',
      userId: String(payload.sub),
      email: payload.email,
      role,
      expiresAt: new Date(Number(payload.exp) * 1000),
      sessionStartedAt: new Date(Number(payload.auth_time ?? payload.iat) * 1000),
    };
  }
}
