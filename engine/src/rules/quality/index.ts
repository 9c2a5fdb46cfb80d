import type { RuleDefinition } from '../framework';
import analysisIncomplete from './analysis-incomplete';
import compilerError from './compiler-error';
import compilerWarning from './compiler-warning';
import deprecatedApis from './deprecated-apis';
import localBuiltinShadowing from './local-builtin-shadowing';
import missingEvents from './missing-events';
import pragmaCompiler from './pragma-compiler';
import syntaxError from './syntax-error';
import tautologyBool from './tautology-bool';
import unresolvedImport from './unresolved-import';
import unusedSuppression from './unused-suppression';

/** Quality rules, one import per rule file. */
export const qualityRules: RuleDefinition[] = [
  analysisIncomplete,
  compilerError,
  compilerWarning,
  deprecatedApis,
  localBuiltinShadowing,
  missingEvents,
  pragmaCompiler,
  syntaxError,
  tautologyBool,
  unresolvedImport,
  unusedSuppression,
];
