import type { RuleDefinition } from '../framework';
import syntaxError from './syntax-error';
import unusedSuppression from './unused-suppression';

/** Quality rules, one import per rule file. */
export const qualityRules: RuleDefinition[] = [syntaxError, unusedSuppression];
