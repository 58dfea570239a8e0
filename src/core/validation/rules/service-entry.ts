import type { Rule } from '../types.js';

export const serviceEntryRules: readonly Rule[] = [];
