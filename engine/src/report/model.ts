import { SEVERITIES, type AnalysisResult, type Category, type Finding, type Severity } from '../types';
import { ruleMap } from '../rules';
import { assessRisk, type ContractRisk } from './risk';

export const TOOL_NAME = 'synor';
/** Kept in step with package.json by the release script; shown in every report. */
export const TOOL_VERSION = '0.1.0';

/** What the deep tier measured for one contract; a subset of the deep tier's ContractReport. */
export interface ReportContractGas {
  name: string;
  file: string;
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  sizeLimit: number;
  functions: Array<{ name: string; signature: string; gas: number | 'reverted' | 'not-called'; revertReason?: string }>;
  opcodes?: Record<string, number>;
}

export interface ReportError {
  file: string;
  message: string;
}

export interface Report {
  tool: { name: string; version: string };
  generatedAt: string;
  files: string[];
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    byCategory: Record<Category, number>;
    lines: number;
  };
  risk: ContractRisk[];
  findings: Finding[];
  gas: ReportContractGas[];
  errors: ReportError[];
  /** Compiler in use and anything the deep tier could not do. */
  notes: string[];
}

export interface ReportInput {
  results: AnalysisResult[];
  errors?: ReportError[];
  gas?: ReportContractGas[];
  notes?: string[];
  /** Fixed time for reproducible output (tests); defaults to now. */
  now?: Date;
}

export function buildReport(input: ReportInput): Report {
  const findings = input.results.flatMap((r) => r.findings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCategory: Record<Category, number> = { security: 0, gas: 0, quality: 0 };
  for (const f of findings) {
    bySeverity[f.severity]++;
    byCategory[f.category]++;
  }
  const errors = [...(input.errors ?? [])];
  for (const r of input.results) for (const e of r.ruleErrors) errors.push({ file: r.file, message: `rule ${e.ruleId} failed: ${e.message}` });
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: (input.now ?? new Date()).toISOString(),
    files: input.results.map((r) => r.file),
    summary: { findings: findings.length, bySeverity, byCategory, lines: input.results.reduce((n, r) => n + r.stats.lines, 0) },
    risk: assessRisk(findings, (input.gas ?? []).map((g) => ({ file: g.file, contract: g.name }))),
    findings,
    gas: input.gas ?? [],
    errors,
    notes: input.notes ?? [],
  };
}

/** The rule metadata a report cites, by id. */
export function ruleInfo(ruleId: string) {
  return ruleMap().get(ruleId);
}
