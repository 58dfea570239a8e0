// The schema validator as a catalogue rule. Its ID is `schema`, so the analyzer runs it first
// and skips the semantic rules on objects it reports errors on. Each finding carries its
// specific check as its checkID (`schema/unknown-field`, ...).

import type { Rule, RuleFinding } from '../types.js';
import type { SchemaCheckID } from './compile-schema.js';
import { bundledSchemaValidator } from './validate-schema.js';

/** What to do about each kind of schema issue. */
const FIX: Record<SchemaCheckID, string> = {
  'schema/unknown-field': 'Remove the field or correct its spelling: the API server refuses unknown fields (kubectl applies with fieldValidation=Strict) or drops them.',
  'schema/invalid-type': 'Give the field a value of the type the schema declares (quote numbers meant as strings, unquote numbers).',
  'schema/invalid-enum': 'Use one of the supported values listed in the message.',
  'schema/required': 'Set the required field.',
  'schema/one-of': 'Set only one of the alternative fields the message lists.',
  'schema/unknown-version': 'Use an apiVersion and kind the installed Istio CRDs serve (networking.istio.io/v1 for most networking kinds).',
  'schema/invalid-name': 'Use lower case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit.',
};

export const schemaRule: Rule = {
  id: 'schema',
  severity: 'error',
  kinds: bundledSchemaValidator.kinds,
  reads: [],
  title: 'Istio objects match the CRD schemas (known fields, types, enums, required fields, names)',
  fix: 'Correct the object so the API server would accept it.',
  check(subject) {
    return bundledSchemaValidator.validate(subject.object).map((i): RuleFinding => ({
      checkID: i.checkID,
      path: i.path,
      message: i.message,
      fix: FIX[i.checkID],
    }));
  },
};
