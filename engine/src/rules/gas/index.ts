import type { RuleDefinition } from '../framework';

/** Gas rules, one import per rule file, sorted by id. */
export const gasRules: RuleDefinition[] = [];
