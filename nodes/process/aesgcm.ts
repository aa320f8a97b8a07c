// AES-256-GCM packet sealing with a shared key (memberlist's keyring, one key).
// Sealed packet: 'E' marker, 12-byte random nonce, ciphertext, 16-byte tag. A
// packet that does not authenticate under our key is rejected (open -> undefined).

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Cipher } from '../core/context.js';

const MARKER = 0x45; // 'E'
const NONCE = 12;
const TAG = 16;

export function parseKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error(`GOSSIP_KEY: expected 64 hex digits (a 256-bit key), got ${hex.length} characters`);
  }
  return Buffer.from(hex, 'hex');
}

export function aesGcm(key: Buffer): Cipher {
  return {
    overhead: 1 + NONCE + TAG,
    seal(plain: Uint8Array): Uint8Array {
      const nonce = randomBytes(NONCE);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([Buffer.of(MARKER), nonce, body, c.getAuthTag()]);
    },
    open(sealed: Uint8Array): Uint8Array | undefined {
      if (sealed.length < 1 + NONCE + TAG + 1 || sealed[0] !== MARKER) return undefined;
      try {
        const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
        const d = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 1 + NONCE));
        d.setAuthTag(buf.subarray(buf.length - TAG));
        return Buffer.concat([d.update(buf.subarray(1 + NONCE, buf.length - TAG)), d.final()]);
      } catch {
        return undefined;
      }
    },
  };
}
