// Reading a YAML file against a schema, for every kind of file the lab takes
// (scenarios, campaigns, claims): one place turns unreadable files, YAML syntax
// errors and schema failures into a ConfigError naming the file and the field.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { issueToError } from './issues.js';

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new ConfigError(file, e.linePos?.[0] ? `line ${e.linePos[0].line}` : '', 'valid YAML', e.message.split('\n')[0]!);
  }
  const raw = doc.toJS() ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw issueToError(file, raw, parsed.error.issues[0]!);
  return parsed.data;
}

export function loadYaml<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, '', `a readable ${what} file`, 'no such file');
  }
  return parseYaml(text, file, schema);
}
