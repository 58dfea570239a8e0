// Prints the GraphQL schema (SDL) the server serves: `npm run -s schema > schema.graphql`.
import { printSchema } from 'graphql';
import { buildSchema } from '../src/server/graphql/schema.js';

process.stdout.write(printSchema(buildSchema()));
