// "Show YAML": any object a view points at (a control plane's CONFIG, the subject of a
// validation issue) as YAML, read as the requesting user, with the lines that finding paths
// cover so the dashboard can highlight the invalid part.

import { createGraphQLError } from 'graphql-yoga';
import { isKubeError } from '../../kube/errors.js';
import { ResourceRegistry, type ResourceType } from '../../kube/resources.js';
import { portAs } from '../auth/identity.js';
import { objectYaml, pathLines, type LineRange } from '../views/object-yaml.js';
import type { GraphQLContext } from './context.js';
import { badUserInput, kubeGraphQLError } from './errors.js';
import { portsFor } from './events.js';

export const typeDefs = /* GraphQL */ `
  "Lines of an ObjectYaml's text that a path covers (1-based, inclusive)."
  type YamlLineRange {
    path: String!
    start: Int!
    end: Int!
    "False when the path does not exist (a missing field): the range is its nearest existing ancestor's line."
    exact: Boolean!
  }

  type ObjectYaml {
    cluster: String!
    kind: String!
    namespace: String
    name: String!
    "The object without managedFields (a Secret also without its data)."
    yaml: String!
    "Where each highlight path is in yaml; paths for the whole object ('') or not in path notation are left out."
    highlights: [YamlLineRange!]!
  }

  extend type Query {
    """
    Any object as YAML, read as the requesting user; null when it does not exist. kind is a kind
    name (Gateway, Pod, IstioControlPlane, ...), group disambiguates; highlight takes finding
    paths (spec.servers[0].tls) to map to lines.
    """
    objectYaml(cluster: String, kind: String!, group: String, namespace: String, name: String!, highlight: [String!]): ObjectYaml
  }
`;

const registry = new ResourceRegistry();

function resourceType(kind: string, group: string | null | undefined): ResourceType {
  const k = kind.toLowerCase();
  const found = registry.all().find((t) => (t.kind.toLowerCase() === k || t.plural === k) && (group === null || group === undefined || t.group === group));
  if (!found) throw badUserInput('kind', `unknown kind "${kind}"${group ? ` in group "${group}"` : ''}`);
  return found;
}

interface ObjectYamlArgs {
  cluster?: string | null;
  kind: string;
  group?: string | null;
  namespace?: string | null;
  name: string;
  highlight?: string[] | null;
}

async function readObjectYaml(ctx: GraphQLContext, args: ObjectYamlArgs) {
  const t = resourceType(args.kind, args.group);
  if (t.namespaced && !args.namespace) throw badUserInput('namespace', `${t.kind} is namespaced: give its namespace`);
  const ports = portsFor(ctx, args.cluster);
  if (ports.length !== 1) {
    throw createGraphQLError(`name the cluster (clusters: ${ports.map(([c]) => c).join(', ')})`, { extensions: { code: 'BAD_USER_INPUT', argument: 'cluster' } });
  }
  const [cluster, port] = ports[0]!;
  try {
    const object = await portAs(port, ctx.identity).get(t, args.name, t.namespaced ? args.namespace ?? undefined : undefined);
    const yaml = objectYaml(object);
    const highlights = (args.highlight ?? []).map((p) => pathLines(yaml, p)).filter((r): r is LineRange => r !== undefined);
    return { cluster, kind: object.kind, namespace: object.metadata.namespace ?? null, name: object.metadata.name ?? args.name, yaml, highlights };
  } catch (e) {
    if (isKubeError(e, 'NotFound')) return null;
    throw kubeGraphQLError(e);
  }
}

export const resolvers = {
  Query: {
    objectYaml: (_: unknown, args: ObjectYamlArgs, ctx: GraphQLContext) => readObjectYaml(ctx, args),
  },
};
