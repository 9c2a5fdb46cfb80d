import type { RuleDefinition } from '../framework';
import cacheArrayLength from './cache-array-length';
import calldataParams from './calldata-params';
import constantState from './constant-state';
import customErrors from './custom-errors';
import immutableState from './immutable-state';
import prefixIncrement from './prefix-increment';

/** Gas rules, one import per rule file, sorted by id. */
export const gasRules: RuleDefinition[] = [cacheArrayLength, calldataParams, constantState, customErrors, immutableState, prefixIncrement];
