import type { Rule } from '../types.js';

export const virtualServiceRules: readonly Rule[] = [];
