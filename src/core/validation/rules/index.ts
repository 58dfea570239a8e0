// The rule catalogue: one file per family. Order is the order findings are listed in.

import type { Rule } from '../types.js';
import { destinationRuleRules } from './destination-rule.js';
import { gatewayRules } from './gateway.js';
import { injectionRules } from './injection.js';
import { securityRules } from './security.js';
import { serviceEntryRules } from './service-entry.js';
import { serviceRules } from './service.js';
import { sidecarRules } from './sidecar.js';
import { virtualServiceRules } from './virtual-service.js';

export const ALL_RULES: readonly Rule[] = [
  ...gatewayRules,
  ...virtualServiceRules,
  ...destinationRuleRules,
  ...serviceEntryRules,
  ...sidecarRules,
  ...securityRules,
  ...serviceRules,
  ...injectionRules,
];
