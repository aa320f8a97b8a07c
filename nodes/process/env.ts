// Reads the node contract's environment variables into one validated record.
// Every problem is reported with the variable (and field) that caused it; the
// caller prints it to stderr and exits 2.

import { ConfigError, parseConfig } from '../core/config.js';
import type { Seed } from '../core/context.js';
import type { PresetName, ProtocolParams } from '../core/params.js';

export interface NodeEnv {
  id: string;
  bind: { host: string; port: number; addr: string };
  /** The address other members use to reach us (GOSSIP_ADVERTISE, default GOSSIP_BIND). */
  advertise: string;
  seeds: Seed[];
  admin: { host: string; port: number };
  preset: PresetName;
  params: Readonly<ProtocolParams>;
  rngSeed: number | undefined;
  keyHex: string | undefined;
}

export class EnvError extends ConfigError {
  override name = 'EnvError';
}

export function parseHostPort(value: string, where: string): { host: string; port: number; addr: string } {
  const i = value.lastIndexOf(':');
  const host = value.slice(0, i);
  const port = Number(value.slice(i + 1));
  if (i <= 0 || !/^\d{1,5}$/.test(value.slice(i + 1)) || port > 65_535 || /\s/.test(host)) {
    throw new EnvError(where, `${where}: expected ip:port such as 10.0.0.3:7946, got ${JSON.stringify(value)}`);
  }
  return { host, port, addr: `${host}:${port}` };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') throw new EnvError(name, `${name}: required, but not set`);
  return v.trim();
}

export function readEnv(env: NodeJS.ProcessEnv): NodeEnv {
  const id = required(env, 'GOSSIP_NODE_ID');
  if (id.length > 128 || /[\s,@]/.test(id)) {
    throw new EnvError('GOSSIP_NODE_ID', `GOSSIP_NODE_ID: expected 1..128 characters without spaces, ',' or '@', got ${JSON.stringify(id)}`);
  }
  const bind = parseHostPort(required(env, 'GOSSIP_BIND'), 'GOSSIP_BIND');
  const advertise = env.GOSSIP_ADVERTISE ? parseHostPort(env.GOSSIP_ADVERTISE, 'GOSSIP_ADVERTISE').addr : bind.addr;
  const admin = parseHostPort(required(env, 'GOSSIP_ADMIN'), 'GOSSIP_ADMIN');
  const seeds = (env.GOSSIP_SEEDS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((s): Seed => {
    const at = s.indexOf('@');
    if (at <= 0) throw new EnvError('GOSSIP_SEEDS', `GOSSIP_SEEDS: expected comma-separated id@ip:port, got ${JSON.stringify(s)}`);
    return { id: s.slice(0, at), addr: parseHostPort(s.slice(at + 1), 'GOSSIP_SEEDS').addr };
  });
  const { preset, params } = parseConfig(env.GOSSIP_CONFIG ?? '{}');
  let rngSeed: number | undefined;
  if (env.GOSSIP_RNG_SEED !== undefined && env.GOSSIP_RNG_SEED.trim() !== '') {
    rngSeed = Number(env.GOSSIP_RNG_SEED);
    if (!Number.isSafeInteger(rngSeed)) {
      throw new EnvError('GOSSIP_RNG_SEED', `GOSSIP_RNG_SEED: expected an integer, got ${JSON.stringify(env.GOSSIP_RNG_SEED)}`);
    }
  }
  const keyHex = env.GOSSIP_KEY?.trim() || undefined;
  if (keyHex !== undefined && !/^[0-9a-fA-F]{64}$/.test(keyHex)) {
    throw new EnvError('GOSSIP_KEY', `GOSSIP_KEY: expected 64 hex digits (a 256-bit AES key), got ${keyHex.length} characters`);
  }
  return { id, bind, advertise, seeds, admin, preset, params, rngSeed, keyHex };
}
