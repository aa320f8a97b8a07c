// Turns `cluster.implementation` (a shipped name, or a user's own program) into
// the resolved form every later stage reads: the name, the program's absolute
// host paths, and the declared semantics. Paths are checked here (they exist, the
// program is executable) and so are the protocol parameters, so a run that
// cannot start is refused before anything is created.

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { PARAM_NAMES, PRESETS, type PresetName, type ProtocolParams } from '../../nodes/core/params.js';
import { ConfigError, describe } from '../errors.js';
import { IMPLEMENTATIONS, programSemantics } from './registry.js';
import { SHIPPED_IMPLEMENTATIONS, type ImplementationChoice, type ImplementationName, type ProgramSpec, type Semantics } from './types.js';

const semanticsSchema = z.strictObject({
  suspect: z.boolean(), evicts: z.boolean(), incarnations: z.boolean(), refutes: z.boolean(),
  metadata: z.boolean(), leave: z.boolean(), stats: z.boolean(), detector: z.boolean(),
}).partial();

/** `builtin`, `serf`, `redis-cluster`, or `{program, files?, args?, semantics?}`. */
export const implementationSchema = z.union([
  z.enum(SHIPPED_IMPLEMENTATIONS),
  z.strictObject({
    program: z.string().min(1),
    files: z.array(z.string().min(1)).optional(),
    args: z.array(z.string()).optional(),
    semantics: semanticsSchema.optional(),
  }),
]);

export interface ResolvedImplementation {
  implementation: ImplementationName;
  program?: ProgramSpec;
  semantics: Semantics;
}

/** Where a choice was written, for error messages: the file and the field path. */
export interface Where { file: string; field: string }

export function resolveImplementation(
  choice: z.infer<typeof implementationSchema> | undefined, where: Where, preset: PresetName, params: Readonly<ProtocolParams>,
): ResolvedImplementation {
  if (choice === undefined || typeof choice === 'string') {
    const impl = IMPLEMENTATIONS[choice ?? 'builtin'];
    checkParams(impl.name, impl.honours, impl.ignores, where, preset, params);
    return { implementation: impl.name, semantics: { ...impl.semantics } };
  }
  const base = dirname(resolve(where.file));
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const program = at(choice.program);
  requireFile(program, { ...where, field: `${where.field}.program` }, true);
  const files = (choice.files ?? []).map((f, i) => {
    const abs = at(f);
    requireFile(abs, { ...where, field: `${where.field}.files.${i}` }, false);
    return abs;
  });
  return { implementation: 'program', program: { program, files, args: choice.args ?? [] }, semantics: programSemantics(choice.semantics) };
}

function requireFile(path: string, where: Where, executable: boolean): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ConfigError(where.file, where.field, `an existing file on this host${executable ? ' (the program to put under test)' : ''}`, `no such file ${path}`);
  }
  if (!st.isFile()) throw new ConfigError(where.file, where.field, 'a regular file', `${path} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}`);
  if (!executable) return;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ConfigError(where.file, where.field, 'an executable file (chmod +x)', `${path} is not executable (mode ${(st.mode & 0o777).toString(8)})`);
  }
}

/** Refuse a parameter the implementation cannot honour when it differs from the preset's value. */
function checkParams(
  name: string, honours: readonly string[], ignores: readonly string[], where: Where, preset: PresetName, params: Readonly<ProtocolParams>,
): void {
  if (name === 'builtin') return;
  for (const k of PARAM_NAMES) {
    if (honours.includes(k) || ignores.includes(k) || params[k] === PRESETS[preset][k]) continue;
    const maps = honours.length ? `it maps only ${honours.join(', ')}` : 'it maps none';
    throw new ConfigError(where.file, `cluster.params.${k}`,
      `${JSON.stringify(PRESETS[preset][k])} (${name} cannot honour ${k}: it uses its ${preset} preset's value; ${maps})`, describe(params[k]));
  }
}

export type { ImplementationChoice };
