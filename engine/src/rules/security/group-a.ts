import type { RuleDefinition } from '../framework';
import txOriginAuth from './tx-origin-auth';
import uncheckedLowLevelCall from './unchecked-low-level-call';
import uncheckedSend from './unchecked-send';
import unprotectedSelfdestruct from './unprotected-selfdestruct';
import controlledDelegatecall from './controlled-delegatecall';

/** Security rules built on the shared facts: calls, reentrancy, access control, taint. */
export const securityRulesA: RuleDefinition[] = [txOriginAuth, uncheckedLowLevelCall, uncheckedSend, unprotectedSelfdestruct, controlledDelegatecall];
