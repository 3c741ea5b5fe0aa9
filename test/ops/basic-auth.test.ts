import { describe, expect, it } from 'vitest';
import { credentialsMatch } from '../../src/ops/basic-auth.js';

const header = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

describe('credentialsMatch', () => {
  it('accepts exactly the configured user and password, including colons and non-ASCII in the password', () => {
    expect(credentialsMatch(header('ops:s3:cr:et'), 'ops', 's3:cr:et')).toBe(true);
    expect(credentialsMatch(header('admin:kata-sandi-rahasia-é'), 'admin', 'kata-sandi-rahasia-é')).toBe(true);
    expect(credentialsMatch(`basic   ${Buffer.from('ops:pw').toString('base64')}`, 'ops', 'pw')).toBe(true);
  });

  it('refuses everything else', () => {
    const refused = [
      undefined,
      '',
      'Basic',
      'Basic %%%',
      header('ops'), // no colon
      header(':pw'),
      header('ops:'),
      header('ops:pw2'),
      header('ops:p'),
      header('OPS:pw'),
      header('ops:pw '),
      `Bearer ${Buffer.from('ops:pw').toString('base64')}`,
    ];
    for (const value of refused) expect(credentialsMatch(value, 'ops', 'pw'), String(value)).toBe(false);
  });
});
