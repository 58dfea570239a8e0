// Live mesh validation on the server: the rule catalogue and the validator over the caches.

export { ruleCatalogue, VALIDATION_RULES, type RuleInfo } from './catalogue.js';
export { MeshValidator, type MeshValidation, type MeshValidatorOptions, type ValidatedCache } from './validator.js';
