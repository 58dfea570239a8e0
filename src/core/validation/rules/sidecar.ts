import type { Rule } from '../types.js';

export const sidecarRules: readonly Rule[] = [];
