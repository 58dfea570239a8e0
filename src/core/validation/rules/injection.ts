import type { Rule } from '../types.js';

export const injectionRules: readonly Rule[] = [];
