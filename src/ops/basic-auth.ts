/** HTTP basic auth for the queue dashboard, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

// Hashing first gives equal-length buffers, so neither the length nor a prefix of the secret leaks through timing.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when an `Authorization: Basic …` header carries exactly this user and password. */
export function credentialsMatch(header: string | undefined, user: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const givenUser = colon >= 0 ? decoded.slice(0, colon) : '';
  const givenPassword = colon >= 0 ? decoded.slice(colon + 1) : '';
  // Both comparisons always run (no short-circuit), so a right user name is not distinguishable by time.
  const userOk = timingSafeEqual(digest(givenUser), digest(user));
  const passwordOk = timingSafeEqual(digest(givenPassword), digest(password));
  return colon >= 0 && userOk && passwordOk;
}

/**
 * Counts failed logins per client address in a sliding minute. After `limit` failures the address gets 429 with
 * Retry-After until the oldest failure is a minute old, right password or not: guessing stays slow.
 */
export class FailedLoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  /** Records one failed login of `address`. */
  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    // Only the last `limit` failures matter; keeping more would let one address grow memory without bound.
    this.failures.set(address, recent.slice(-this.limit));
    if (this.failures.size > 10_000) this.sweep();
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }

  private sweep(): void {
    for (const address of [...this.failures.keys()]) this.recent(address);
  }
}

/**
 * Express middleware answering 401 with a Basic challenge unless the request has the right credentials, and 429
 * with Retry-After once an address failed too often (see FailedLoginLimiter).
 */
export function basicAuth(user: string, password: string, realm: string, limiter = new FailedLoginLimiter()): RequestHandler {
  return (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = limiter.retryAfterSeconds(address);
    if (wait > 0) {
      res.status(429).set('Retry-After', String(wait)).type('text/plain').send('Too many failed logins; try again later.\n');
      return;
    }
    if (credentialsMatch(req.headers.authorization, user, password)) {
      next();
      return;
    }
    // A browser's first request carries no credentials at all; only a wrong answer counts as a failed login.
    if (req.headers.authorization !== undefined) limiter.fail(address);
    res
      .status(401)
      .set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .type('text/plain')
      .send('Authentication required: use DASHBOARD_USER and DASHBOARD_PASSWORD.\n');
  };
}
