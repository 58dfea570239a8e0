import type { Rule } from '../types.js';

export const serviceRules: readonly Rule[] = [];
