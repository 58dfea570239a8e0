// The dashboard depends only on the GraphQL schema: every query it sends (each string tagged
// /* GraphQL */ under web/src) must parse and validate against the schema the server serves,
// so a renamed or removed field fails here, not in a user's browser.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/server/graphql/schema.js';

// The schema's own copy of graphql (graphql-yoga loads it as CommonJS; an ESM import here would be
// another realm whose validate() refuses the schema object).
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

const WEB = new URL('../../web/src', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Each `/* GraphQL *\/ \`...\`` literal: its file, line and text. */
function dashboardQueries(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  for (const file of sourceFiles(WEB)) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\/\* GraphQL \*\/\s*`([^`]*)`/g)) {
      const line = src.slice(0, m.index).split('\n').length;
      found.push({ where: `${file.slice(WEB.length + 1)}:${line}`, text: m[1]! });
    }
  }
  return found;
}

describe('dashboard queries', () => {
  const schema = buildSchema();
  const queries = dashboardQueries();

  it('are found (the dashboard talks GraphQL only through tagged strings)', () => {
    expect(queries.length).toBeGreaterThan(0);
  });

  it.each(queries.map((q) => [q.where, q.text]))('%s validates against the server schema', (_where, text) => {
    expect(text, 'use GraphQL variables, not ${} interpolation').not.toContain('${');
    const errors = validate(schema, parse(text)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it('would catch a field the server does not have', () => {
    expect(validate(schema, parse('query { workloads { nosuchfield } }'))).not.toHaveLength(0);
  });
});
