import { describe, expect, it } from 'vitest';
import { createDemoBackend } from '../demo-backend.js';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, paginate } from './pagination.js';
import { ask, type GraphQLAnswer } from './testing.js';

interface Page { edges: { cursor: string; node: { namespace: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }

const PAGE = '{ edges { cursor node { namespace name } } pageInfo { hasNextPage endCursor } totalCount }';

describe('cursor pagination', () => {
  const keys = Array.from({ length: 600 }, (_, i) => `k${String(i).padStart(3, '0')}`);

  it('caps a page at 500 and continues after the cursor, even when that item is gone', () => {
    const first = paginate(keys, (k) => k, { first: 10_000 });
    expect(first.edges).toHaveLength(MAX_PAGE_SIZE);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = paginate(keys.filter((k) => k !== 'k499'), (k) => k, { first: 500, after: first.pageInfo.endCursor });
    expect(rest.edges.map((e) => e.node)).toEqual(keys.slice(500));
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('k599') });
  });

  it('refuses cursors it did not issue and negative page sizes', () => {
    expect(decodeCursor(encodeCursor('a/b'))).toBe('a/b');
    for (const bad of ['', 'not a cursor!', Buffer.from('k001').toString('base64url')]) {
      expect(() => decodeCursor(bad), bad).toThrow(/invalid cursor/);
    }
    expect(() => paginate(keys, (k) => k, { first: -1 })).toThrow(/must not be negative/);
  });
});

describe('GraphQL connections on the demo', () => {
  it('walks every workload, pod and service page by page, in a stable order', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const model = backend.model();
      for (const [field, total] of [['workloadsConnection', model.workloads.length], ['podsConnection', model.pods.length], ['servicesConnection', model.services.length]] as const) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const { data, errors }: GraphQLAnswer<Record<string, Page>> = await ask<Record<string, Page>>(backend, `query($after: String) { ${field}(first: 4, after: $after) ${PAGE} }`, { after });
          expect(errors).toBeUndefined();
          const page: Page = data![field]!;
          expect(page.totalCount).toBe(total);
          seen.push(...page.edges.map((e) => `${e.node.namespace}/${e.node.name}`));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(seen, field).toHaveLength(total);
        expect(new Set(seen).size, field).toBe(total);
      }
      const { data } = await ask<{ workloadsConnection: Page }>(backend, `{ workloadsConnection(namespace: "istio-system") ${PAGE} }`);
      expect(data!.workloadsConnection.edges.map((e) => e.node.name)).toEqual(['istiod-cp-v115x', 'smm-ingressgateway']);
      expect(data!.workloadsConnection.pageInfo.hasNextPage).toBe(false);
    } finally {
      await backend.close();
    }
  });

  it('refuses a bad cursor with BAD_USER_INPUT naming "after"', async () => {
    const backend = await createDemoBackend({ seed: 4 });
    try {
      const { errors } = await ask(backend, `{ podsConnection(after: "bm9wZQ") ${PAGE} }`);
      expect(errors![0]).toMatchObject({ message: expect.stringContaining('invalid cursor'), extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
    } finally {
      await backend.close();
    }
  });
});
