import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING: case Kind.BOOLEAN: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.LIST: return ast.values.map(literal);
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default: return null;
  }
}

/** Free-form JSON, for label maps and raw objects. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (label maps, raw Kubernetes objects).',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});

export const typeDefs = /* GraphQL */ `
  "Any JSON value (label maps, raw Kubernetes objects)."
  scalar JSON
`;
