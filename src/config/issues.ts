// Turns a zod issue into a ConfigError that names the file, the field path, what
// was expected and what was found. Unions (a duration is a number or a string;
// `nemesis:` is a list or an object) are looked into: when only one branch fits
// the value's type, its own issue is reported, at its full path.

import type { z } from 'zod';
import { ConfigError, describe } from '../errors.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function issueToError(file: string, raw: unknown, top: Issue): ConfigError {
  const { issue, path } = innermost(top, top.path);
  const at = (p: Path): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
  const found = describe(at(path));
  const field = path.map(String).join('.');
  if (at(path) === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union') && !('discriminator' in issue && issue.discriminator)) {
    return new ConfigError(file, field, `a value for ${String(path.at(-1) ?? 'this field')} (it is required)`, found);
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return new ConfigError(file, [field, issue.keys[0]].filter(Boolean).join('.'), 'a known field (see scenarios/README.md)', `unknown field "${issue.keys[0]}"`);
    case 'invalid_type':
      return new ConfigError(file, field, article(issue.expected), found);
    case 'too_small': {
      const n = issue.minimum;
      const what = issue.origin === 'array' ? `at least ${n} item(s)` : issue.inclusive === false ? `a value greater than ${n}` : `a value of at least ${n}`;
      return new ConfigError(file, field, what, found);
    }
    case 'too_big':
      return new ConfigError(file, field, issue.inclusive === false ? `a value less than ${issue.maximum}` : `at most ${issue.maximum}`, found);
    case 'invalid_value':
      return new ConfigError(file, field, `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found);
    case 'invalid_union': {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (discriminator) {
        const p = path.at(-1) === discriminator ? path : [...path, discriminator];
        return new ConfigError(file, p.map(String).join('.'), `one of ${(options ?? []).map(String).join(', ')}`, describe(at(p)));
      }
      const types = issue.errors.flatMap((b) => b.filter(rootTypeMismatch).map((i) => (i as { expected: string }).expected));
      if (types.length === issue.errors.length && types.length > 0) return new ConfigError(file, field, types.map(article).join(' or '), found);
      return new ConfigError(file, field, issue.message, found);
    }
    case 'invalid_key': {
      const why = issue.issues[0]?.message.replace(/^Invalid (input|string): /i, '') ?? 'a valid key';
      return new ConfigError(file, field, why, `the key ${describe(path.at(-1))}`);
    }
    default:
      return new ConfigError(file, field, issue.message.replace(/^Invalid (input|string): /i, ''), found);
  }
}

/** Follow a union into its one branch that fits the value's type, collecting the full path. */
function innermost(issue: Issue, path: Path): { issue: Issue; path: Path } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const fitting = issue.errors.filter((branch) => !(branch.length > 0 && branch.every(rootTypeMismatch)));
  if (fitting.length !== 1 || fitting[0]!.length === 0) return { issue, path };
  const first = fitting[0]![0]!;
  return innermost(first, [...path, ...first.path]);
}

function rootTypeMismatch(i: Issue): boolean {
  return i.code === 'invalid_type' && i.path.length === 0;
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
