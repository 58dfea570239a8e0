// Test load (TOPOLOGY > HTTP, manual §1.7): start a time-bounded run of requests to one service
// port. The demo sends it through its traffic simulator; on a cluster smm does not create
// workloads in the user's cluster behind their back, so it refuses with UNAVAILABLE.

import { createGraphQLError } from 'graphql-yoga';
import { checkLoadRequest, LoadRefused, type LoadRequestInput, type LoadRun } from '../../core/load/request.js';
import type { GraphQLContext } from './context.js';
import { badUserInput } from './errors.js';

export const typeDefs = /* GraphQL */ `
  "A test-load run that was started: what is sent where, from when until when."
  type LoadRun {
    cluster: String!
    namespace: String!
    service: String!
    port: Int!
    path: String!
    method: String!
    requestsPerSecond: Float!
    durationSeconds: Int!
    "When the first requests go out and when the last have gone (RFC 3339)."
    startedAt: String!
    until: String!
  }

  extend type Mutation {
    """
    Send requestsPerSecond requests (method, path) to a service port for durationSeconds from the
    demo's load generator; the target's edges and metrics show them within seconds. Every input is
    checked (BAD_USER_INPUT naming the argument). Only in the demo: on a cluster, UNAVAILABLE.
    """
    generateLoad(cluster: String, namespace: String!, service: String!, port: Int, path: String = "/", method: String = "GET", requestsPerSecond: Float!, durationSeconds: Int!): LoadRun!
  }
`;

/** The refusal on a backend without a load generator (a cluster). */
export const LOAD_UNAVAILABLE = 'load generation runs in the demo; on a cluster use smm demoapp load start or your own load tool';

function generateLoad(ctx: GraphQLContext, args: LoadRequestInput) {
  const generator = ctx.backend.loadGenerator;
  if (!generator) throw createGraphQLError(LOAD_UNAVAILABLE, { extensions: { code: 'UNAVAILABLE' } });
  const check = checkLoadRequest(ctx.backend.model(), args);
  if (!check.ok) throw badUserInput(check.argument, check.message);
  let run: LoadRun;
  try {
    run = generator.start(check.request);
  } catch (e) {
    if (e instanceof LoadRefused) throw badUserInput(e.argument, e.message);
    throw e;
  }
  return { ...run.request, startedAt: new Date(run.fromMs).toISOString(), until: new Date(run.untilMs).toISOString() };
}

export const resolvers = {
  Mutation: {
    generateLoad: (_: unknown, args: LoadRequestInput, ctx: GraphQLContext) => generateLoad(ctx, args),
  },
};
