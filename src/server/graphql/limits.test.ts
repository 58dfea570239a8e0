import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { MAX_COST, MAX_DEPTH, queryLimitsRule } from './limits.js';
import { ask } from './testing.js';

// A schema with a cycle, so a valid query can be as deep as a client likes.
const CYCLIC = buildSchema(`
  type Query { person(name: String): Person, people(first: Int): [Person!]!, page(first: Int = 50): PersonPage! }
  type Person { name: String!, tags: [String!]!, friends(first: Int): [Person!]!, best: Person }
  type PersonPage { edges: [PersonEdge!]!, totalCount: Int! }
  type PersonEdge { node: Person! }
`);

function limitErrors(query: string, limits: { maxDepth?: number; maxCost?: number; variables?: Record<string, unknown> } = {}) {
  const rule = queryLimitsRule({ maxDepth: limits.maxDepth ?? 100, maxCost: limits.maxCost ?? 1e9, variables: limits.variables });
  return validate(CYCLIC, parse(query), [...specifiedRules, rule]).map((e) => ({ code: e.extensions.code, message: e.message }));
}

const costOf = (query: string, variables?: Record<string, unknown>): number => {
  const [error] = limitErrors(query, { maxCost: 0, variables });
  return Number(/costs (\d+)/.exec(error!.message)![1]);
};

describe('query cost and depth', () => {
  it('counts each field once and multiplies what a list selects by its page size, or 10', () => {
    expect(costOf('{ person { name } }')).toBe(2);
    // A list of scalars is one field; a list of objects multiplies its selection.
    expect(costOf('{ person { tags } }')).toBe(2);
    expect(costOf('{ people { name } }')).toBe(11);
    expect(costOf('{ people(first: 3) { name friends { name } } }')).toBe(1 + 3 * (1 + 1 + 10));
    expect(costOf('query($n: Int) { people(first: $n) { name } }', { n: 7 })).toBe(8);
    expect(costOf('query($n: Int = 4) { people(first: $n) { name } }')).toBe(5);
    // A page size beyond what the resolvers serve counts as the cap.
    expect(costOf('{ people(first: 100000) { name } }')).toBe(501);
  });

  it('counts a connection\'s first (or its default) as the size of its edges, and fragments where they are spread', () => {
    expect(costOf('{ page { totalCount edges { node { name } } } }')).toBe(1 + 1 + (1 + 50 * 2));
    expect(costOf('{ page(first: 2) { edges { node { ...N } } } } fragment N on Person { name best { name } }')).toBe(1 + (1 + 2 * (1 + 1 + 2)));
    expect(costOf('{ __schema { types { name fields { name } } } person { __typename name } }')).toBe(2);
  });

  it('reports depth and cost beyond the limits with their codes', () => {
    const deep = '{ person { best { best { best { name } } } } }';
    expect(limitErrors(deep, { maxDepth: 5 })).toEqual([]);
    expect(limitErrors(deep, { maxDepth: 4 })).toEqual([{ code: 'QUERY_TOO_DEEP', message: 'the query is 5 levels deep; at most 4 are allowed' }]);
    expect(limitErrors('query Q { people { friends { name } } }', { maxCost: 100 })).toEqual([
      { code: 'QUERY_TOO_COSTLY', message: expect.stringContaining('operation "Q" costs 111; at most 100') },
    ]);
  });

  it('does not loop on fragment cycles (graphql reports them)', () => {
    const errors = limitErrors('{ person { ...A } } fragment A on Person { best { ...B } } fragment B on Person { best { ...A } }', { maxDepth: 3 });
    expect(errors.some((e) => /Cannot spread fragment/.test(e.message))).toBe(true);
    // Each fragment is followed once per path: person, best, best (then the cycle stops).
    expect(errors).not.toContainEqual(expect.objectContaining({ code: 'QUERY_TOO_DEEP' }));
  });
});

describe('query limits through the GraphQL handler', () => {
  it('refuses a query deeper than 12 levels with QUERY_TOO_DEEP, unmasked', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const nested = Array.from({ length: MAX_DEPTH }, (_, i) => `f${i} {`).join(' ') + ' x ' + '}'.repeat(MAX_DEPTH);
      const { data, errors } = await ask(backend, `{ about { ${nested} } }`);
      expect(data).toBeUndefined();
      expect(errors).toContainEqual(expect.objectContaining({
        message: `the query is ${MAX_DEPTH + 2} levels deep; at most ${MAX_DEPTH} are allowed`,
        extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }),
      }));
    } finally {
      await backend.close();
    }
  });

  it('refuses a query costlier than the budget with QUERY_TOO_COSTLY, counting variables', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const costly = 'query($n: Int) { workloadsConnection(first: $n) { edges { node { name pods { name containers { name image ready } } } } } }';
      const { data, errors } = await ask(backend, costly, { n: 500 });
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors![0]).toMatchObject({ message: expect.stringContaining(`at most ${MAX_COST}`), extensions: { code: 'QUERY_TOO_COSTLY' } });
      const small = await ask<{ workloadsConnection: { edges: unknown[] } }>(backend, costly, { n: 5 });
      expect(small.errors).toBeUndefined();
      expect(small.data!.workloadsConnection.edges).toHaveLength(5);
    } finally {
      await backend.close();
    }
  });

  it('lets the CLI\'s and the dashboard\'s queries through', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const queries = [
        '{ workloads(namespace: "smm-demo") { name kind app version pods { name phase sidecar } } }',
        '{ topology(namespaces: ["smm-demo"]) { nodes { id kind name namespace health outlier } edges { source target protocol rps errorRate p95 mtls } } }',
        '{ meshOverview { clusters services { inMesh total } traffic { rps } } }',
        '{ __schema { types { name kind fields { name args { name type { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } } }',
      ];
      for (const q of queries) {
        const { errors } = await ask(backend, q);
        expect(errors, q).toBeUndefined();
      }
    } finally {
      await backend.close();
    }
  });
});
