import type { RuleDefinition } from '../framework';
import txOriginAuth from './tx-origin-auth';

/** Security rules built on the shared facts: calls, reentrancy, access control, taint. */
export const securityRulesA: RuleDefinition[] = [txOriginAuth];
