// Relay-style cursor pagination over an in-memory list. Items are ordered by a stable sort
// key (cluster/namespace/…/name), and a cursor is that key, opaque to clients: the next page
// starts after the key, so a page stays correct even when the item it ended on disappears.

import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 100;
/** Larger requests are served this many items; a page is for one screen or one batch. */
export const MAX_PAGE_SIZE = 500;

const CURSOR_PREFIX = 'smm1:';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(key: string): string {
  return Buffer.from(CURSOR_PREFIX + key, 'utf8').toString('base64url');
}

/** The sort key inside a cursor; a cursor smm did not issue is the client's error. */
export function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(CURSOR_PREFIX)) throw badUserInput('after', `invalid cursor "after": ${cursor} was not issued by this API`);
  return text.slice(CURSOR_PREFIX.length);
}

export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (n < 0) throw badUserInput('first', `"first" must not be negative (got ${n})`);
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Code-unit order, not locale order: cursors must compare the same on every server. */
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, args: PageArgs): Connection<T> {
  const size = pageSize(args.first);
  const afterKey = args.after ? decodeCursor(args.after) : undefined;
  const keyed = items.map((node) => ({ key: keyOf(node), node })).sort((a, b) => compareKeys(a.key, b.key));
  const rest = afterKey === undefined ? keyed : keyed.filter((k) => compareKeys(k.key, afterKey) > 0);
  const page = rest.slice(0, size);
  const edges = page.map((k) => ({ cursor: encodeCursor(k.key), node: k.node }));
  return {
    edges,
    pageInfo: { hasNextPage: rest.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: items.length,
  };
}

/** Sort key of anything located in a namespace; kubernetes names never contain '/'. */
export const locationKey = (...parts: (string | undefined)[]): string => parts.map((p) => p ?? '').join('/');

export const typeDefs = /* GraphQL */ `
  "Where a page of a connection ends. Pass endCursor as 'after' to get the next page."
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
`;
