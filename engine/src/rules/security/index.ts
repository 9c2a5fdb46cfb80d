import type { RuleDefinition } from '../framework';
import { securityRulesA } from './group-a';
import { securityRulesB } from './group-b';

/** Security rules. Each group file lists its rules, one import per rule file. */
export const securityRules: RuleDefinition[] = [...securityRulesA, ...securityRulesB];
