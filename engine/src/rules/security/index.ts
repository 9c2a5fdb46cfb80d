import type { RuleDefinition } from '../framework';
import txOriginAuth from './tx-origin-auth';

/** Security rules, one import per rule file, sorted by id. */
export const securityRules: RuleDefinition[] = [txOriginAuth];
