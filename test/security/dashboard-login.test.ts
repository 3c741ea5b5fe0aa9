/** Issue 13, finding 11: the dashboard limits failed logins per address and refuses a short password at start-up. */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config/env.js';
import { basicAuth, FailedLoginLimiter } from '../../src/ops/basic-auth.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function protectedServer(limiter: FailedLoginLimiter): Promise<string> {
  const web = express();
  web.use('/admin', basicAuth('ops', 'a-long-enough-password', 'test', limiter), (_req, res) => {
    res.send('ok');
  });
  const server = web.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
}

describe('dashboard logins', () => {
  it('answers 429 with Retry-After after 10 failed logins in a minute, even to the right password', async () => {
    let now = 1_000_000;
    const url = await protectedServer(new FailedLoginLimiter(10, 60_000, () => now));
    for (let i = 0; i < 10; i++) {
      expect((await fetch(url, { headers: { authorization: basic('ops', `guess-${i}`) } })).status).toBe(401);
    }
    const blocked = await fetch(url, { headers: { authorization: basic('ops', 'a-long-enough-password') } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    now += 61_000;
    expect((await fetch(url, { headers: { authorization: basic('ops', 'a-long-enough-password') } })).status).toBe(200);
  });

  it('a request without credentials (the browser asking) is not a failed login', async () => {
    const url = await protectedServer(new FailedLoginLimiter(10, 60_000));
    for (let i = 0; i < 15; i++) expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: basic('ops', 'a-long-enough-password') } })).status).toBe(200);
  });

  it('start-up refuses a DASHBOARD_PASSWORD shorter than 12 characters, naming the key', () => {
    const attempt = () => loadConfig({ DATA_DIR: '/tmp/x', DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'short-pw' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DASHBOARD_PASSWORD: expected a password of at least 12 characters/);
    expect(() => attempt()).not.toThrow(/short-pw/);
    expect(loadConfig({ DATA_DIR: '/tmp/x', DASHBOARD_PASSWORD: 'twelve-chars' }).DASHBOARD_PASSWORD).toBe('twelve-chars');
  });
});
