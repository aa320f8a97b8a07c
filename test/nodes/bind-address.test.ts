import { describe, expect, it } from 'vitest';
import { awaitBindAddress, hasAddress } from '../../nodes/process/bind-address.js';

describe('waiting for the bind address', () => {
  it('does not wait for loopback or the wildcard address', async () => {
    await expect(awaitBindAddress('127.0.0.1', 0)).resolves.toBeUndefined();
    await expect(awaitBindAddress('0.0.0.0', 0)).resolves.toBeUndefined();
  });

  it('gives up after its bound, naming the address that never appeared', async () => {
    expect(hasAddress('192.0.2.254')).toBe(false);
    await expect(awaitBindAddress('192.0.2.254', 50)).rejects.toThrow(/GOSSIP_BIND: the address 192\.0\.2\.254 did not appear on any interface within 0\.05 s/);
  });
});
