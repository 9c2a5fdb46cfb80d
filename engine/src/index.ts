/**
 * Synor's engine: everything that knows Solidity. No VS Code, LSP or process
 * code lives here; the server and the CLI are thin adapters over this API.
 */
export { analyze, analyzeMember, cutShortFinding, syntaxErrorFindings, type AnalyzeOptions, type AnalyzeMemberOptions, type MemberAnalysis } from './analyze';
export { parse, type ParsedFile, type ParseOptions, type OmittedNode, MAX_EXPRESSION_DEPTH, LineIndex, compareRanges, comparePositions } from './parse';
export { AnalysisStopped, checkpointFor, type Checkpoint, type StopReason } from './stop';
export { listRules, allRules, ruleMap } from './rules';
export { defineRule, defineFact, docsPath, type RuleDefinition, type RuleContext, type Visitor, type Fact } from './rules/framework';
export { applyEdits, fixAll, findingsIntroduced, type ApplyResult, type FixAllOptions, type FixAllResult, type AppliedFix, type SkippedFix, type SkipReason } from './fix';
export { lineEdits, unifiedDiff } from './diff';
export { parseConfig, defaultConfig, isExcluded, CONFIG_FILE_NAME, type SynorConfig, type RuleSetting, type CompilerSettings } from './config/config';
export { SynorError, ConfigError, type ErrorCode, type ConfigProblem } from './errors';
export * from './types';
export { assignFingerprints, normaliseCode, FINGERPRINT_VERSION } from './fingerprint';
export * from './triage';
export * from './report';
export { AstIndex, forEachChild, forgetChildren, forgetIndex, replacedInPlace, isNode } from './facts/ast-index';
export { Project, parseCached, projectSolcVersion, type SourceFile, type ProjectOptions } from './project';
export { isTestCode, appliesToTestCode } from './project/test-code';
