import { Principal } from './principal';

interface Entry {
  principal: Principal;
  expiresAtMs: number;
}

/**
 * Tokens already verified, until their own `exp`. An integration engine sends the same access
 * token with thousands of requests; checking its signature once is enough, because a JWT that
 * was valid stays valid until it expires (this service has no revocation list to consult).
 * Bounded: past `capacity` the oldest entry goes. Tokens without `exp` are never kept.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Principal | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (this.now() >= entry.expiresAtMs) {
      this.entries.delete(token);
      return null;
    }
    return entry.principal;
  }

  /** `exp` in seconds since the epoch, as in the JWT. */
  put(token: string, principal: Principal, exp: number | undefined): void {
    if (exp === undefined || !Number.isFinite(exp) || exp * 1000 <= this.now()) return;
    if (this.entries.size >= this.capacity && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { principal, expiresAtMs: exp * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
