// Resolves a node's GOSSIP_CONFIG object into full ProtocolParams, once. Unknown
// names and wrong types are errors that name the field, say what was expected
// and what was found, so a typo never silently runs a default.

import { PRESETS, resolveParams, type PresetName, type ProtocolParams } from './params.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const ENUMS: Partial<Record<keyof ProtocolParams, readonly string[]>> = {
  detector: ['swim', 'phi'],
  phiModel: ['normal', 'exponential'],
};

const PRESET_NAMES: readonly PresetName[] = ['lan', 'wan', 'local'];

function describe(v: unknown): string {
  return `${JSON.stringify(v)} (${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v})`;
}

/** Parse a GOSSIP_CONFIG value (JSON text or an already parsed object) into params. */
export function parseConfig(input: string | unknown, where = 'GOSSIP_CONFIG'): { preset: PresetName; params: Readonly<ProtocolParams> } {
  let raw: unknown = input;
  if (typeof input === 'string') {
    if (input.trim() === '') raw = {};
    else {
      try {
        raw = JSON.parse(input);
      } catch (e) {
        throw new ConfigError(where, `${where}: expected a JSON object, got invalid JSON (${(e as Error).message})`);
      }
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(where, `${where}: expected a JSON object, got ${describe(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  let preset: PresetName = 'lan';
  if (obj.preset !== undefined) {
    if (!PRESET_NAMES.includes(obj.preset as PresetName)) {
      throw new ConfigError('preset', `${where}.preset: expected one of ${PRESET_NAMES.join(', ')}, got ${describe(obj.preset)}`);
    }
    preset = obj.preset as PresetName;
  }
  const overrides: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'preset') continue;
    if (!Object.hasOwn(PRESETS.lan, k)) {
      throw new ConfigError(k, `${where}.${k}: unknown parameter (known: preset, ${Object.keys(PRESETS.lan).join(', ')})`);
    }
    const key = k as keyof ProtocolParams;
    const enumValues = ENUMS[key];
    const expected = PRESETS.lan[key];
    if (enumValues) {
      if (typeof v !== 'string' || !enumValues.includes(v)) {
        throw new ConfigError(k, `${where}.${k}: expected one of ${enumValues.join(', ')}, got ${describe(v)}`);
      }
    } else if (typeof expected === 'boolean') {
      if (typeof v !== 'boolean') throw new ConfigError(k, `${where}.${k}: expected true or false, got ${describe(v)}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ConfigError(k, `${where}.${k}: expected a non-negative number, got ${describe(v)}`);
    }
    overrides[k] = v;
  }
  const params = resolveParams(preset, overrides as Partial<ProtocolParams>);
  checkCoherent(params, where);
  return { preset, params };
}

/** Cross-field rules the protocol relies on. */
function checkCoherent(p: ProtocolParams, where: string): void {
  const positive: (keyof ProtocolParams)[] = ['probeInterval', 'probeTimeout', 'gossipInterval', 'phiWindow'];
  for (const k of positive) {
    if (!((p[k] as number) > 0)) throw new ConfigError(k, `${where}.${k}: expected a positive number, got ${describe(p[k])}`);
  }
  const ints: (keyof ProtocolParams)[] = ['indirectChecks', 'gossipNodes', 'awarenessMaxMultiplier', 'retransmitMult', 'phiWindow', 'packetBudget'];
  for (const k of ints) {
    if (!Number.isInteger(p[k])) throw new ConfigError(k, `${where}.${k}: expected an integer, got ${describe(p[k])}`);
  }
  if (p.packetBudget < 256 || p.packetBudget > 65_507) {
    throw new ConfigError('packetBudget', `${where}.packetBudget: expected an integer in [256, 65507] (UDP payload), got ${describe(p.packetBudget)}`);
  }
  if (p.awarenessMaxMultiplier < 1) {
    throw new ConfigError('awarenessMaxMultiplier', `${where}.awarenessMaxMultiplier: expected at least 1, got ${describe(p.awarenessMaxMultiplier)}`);
  }
  if (p.probeTimeout > p.probeInterval) {
    throw new ConfigError('probeTimeout', `${where}.probeTimeout: expected at most probeInterval (${p.probeInterval}), got ${describe(p.probeTimeout)}`);
  }
}
