import type { RuleDefinition } from '../framework';

/** Security rules that are mostly local patterns: ERC interfaces, oracles, Yul, versions. */
export const securityRulesB: RuleDefinition[] = [];
