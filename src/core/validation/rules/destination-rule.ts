import type { Rule } from '../types.js';

export const destinationRuleRules: readonly Rule[] = [];
