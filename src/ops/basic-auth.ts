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

/** Express middleware answering 401 with a Basic challenge unless the request has the right credentials. */
export function basicAuth(user: string, password: string, realm: string): RequestHandler {
  return (req, res, next) => {
    if (credentialsMatch(req.headers.authorization, user, password)) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .type('text/plain')
      .send('Authentication required: use DASHBOARD_USER and DASHBOARD_PASSWORD.\n');
  };
}
