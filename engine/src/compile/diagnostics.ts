import type { Finding, Range, RuleMeta } from '../types';
import { findingOf } from '../rules/framework';

/** Metadata of the findings the compiler produces; the rule files under rules/quality register them. */
export const COMPILER_ERROR_META: RuleMeta = {
  id: 'compiler-error',
  title: 'Compiler error',
  category: 'quality',
  severity: 'high',
  confidence: 'high',
  description: 'solc rejects the file; the compiler deep tier (bytecode, measured gas) is unavailable until it compiles.',
  messages: { 'compiler-error': 'An error reported by solc, in its own words' },
  fix: 'none',
};

export const COMPILER_WARNING_META: RuleMeta = {
  id: 'compiler-warning',
  title: 'Compiler warning',
  category: 'quality',
  severity: 'low',
  confidence: 'high',
  description: 'solc compiles the file but warns about it.',
  messages: { 'compiler-warning': 'A warning reported by solc, in its own words' },
  fix: 'none',
};

export const UNRESOLVED_IMPORT_META: RuleMeta = {
  id: 'unresolved-import',
  title: 'Unresolved import',
  category: 'quality',
  severity: 'high',
  confidence: 'high',
  description: 'An imported file could not be found through relative paths, remappings, node_modules or lib/.',
  messages: { 'not-found': 'The imported path resolves to no file' },
  fix: 'none',
};

/** Builds a finding of one of the compiler rules. */
export function compilerFinding(meta: RuleMeta, file: string, range: Range, message: string): Finding {
  return findingOf(meta, file, range, message);
}
