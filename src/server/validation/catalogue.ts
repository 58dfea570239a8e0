// The rules smm runs everywhere (server, `smm analyze`, offline mode): the Istio schema check
// first, then the semantic catalogue.

import { ALL_RULES } from '../../core/validation/rules/index.js';
import { schemaRule } from '../../core/validation/schema/schema-rule.js';
import type { Rule } from '../../core/validation/types.js';

export const VALIDATION_RULES: readonly Rule[] = [schemaRule, ...ALL_RULES];

/** One line per rule, for `smm analyze --list-rules`, GraphQL `validationRules` and the docs. */
export interface RuleInfo {
  id: string;
  severity: Rule['severity'];
  kinds: readonly string[];
  reads: readonly string[];
  title: string;
  fix: string;
}

export function ruleCatalogue(rules: readonly Rule[] = VALIDATION_RULES): RuleInfo[] {
  return rules.map((r) => ({ id: r.id, severity: r.severity, kinds: r.kinds, reads: r.reads, title: r.title, fix: r.fix }));
}
