import { SEVERITIES, type AnalysisResult, type Category, type Finding, type Severity } from '../types';
import { ruleMap } from '../rules';
import { assessRisk, type ContractRisk } from './risk';
import type { ContractBytecode } from '../bytecode/compiled';

/** What the bytecode analysis found in one compiled contract (the deep tier's `bytecode`), shown in the report's "Bytecode" section. */
export type ReportContractBytecode = ContractBytecode;

export const TOOL_NAME = 'synor';
/** Kept in step with package.json by the release script; shown in every report. */
export const TOOL_VERSION = '0.1.0';

/** What the deep tier measured for one contract; a subset of the deep tier's ContractReport. */
/** Every successful measurement of one function (first and repeated call, loop sizes): what `synor gas` prints. */
export interface GasStats {
  min: number;
  median: number;
  max: number;
  samples: number;
}

/** `min / median / max` of a function's measurements, or undefined when it was measured fewer than twice. */
export function gasSpread(fn: { stats?: GasStats }): string | undefined {
  const s = fn.stats;
  if (!s || s.samples < 2) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(s.min)} / ${n(s.median)} / ${n(s.max)}`;
}

export interface ReportContractGas {
  name: string;
  file: string;
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  sizeLimit: number;
  functions: Array<{ name: string; signature: string; gas: number | 'reverted' | 'not-called'; revertReason?: string; refund?: number; scenario?: string; perIteration?: { gas: number; sizes: [number, number]; over: string }; stubbed?: boolean; stats?: GasStats }>;
  opcodes?: Record<string, number>;
}

/** A measured function's figure in words: reverted with why, after a refund, per loop iteration, against a stub. */
export function gasLabel(fn: ReportContractGas['functions'][number]): string {
  if (typeof fn.gas !== 'number') {
    // The measurement's states in words, never the raw `not-called`.
    const what = fn.gas === 'reverted' ? 'reverted' : fn.gas === 'not-called' ? 'not measured (no call could be made)' : String(fn.gas).replace(/-/g, ' ');
    return what + (fn.revertReason ? ` (${fn.revertReason})` : '');
  }
  const notes: string[] = [];
  if (fn.refund) notes.push(`after a ${fn.refund.toLocaleString('en-US')} refund`);
  if (fn.perIteration) notes.push(`${fn.perIteration.gas >= 0 ? '+' : ''}${fn.perIteration.gas.toLocaleString('en-US')} per iteration of ${fn.perIteration.over.replace(/ \(.*$/, '')}`);
  if (fn.stubbed) notes.push('external calls answered by a stub');
  return `${fn.gas.toLocaleString('en-US')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

export interface ReportError {
  file: string;
  message: string;
}

/**
 * Solidity files under the analysed folders that were left out: a project's
 * dependencies (`lib/`, `node_modules/`), or files outside its sources
 * (`test/`, `script/`). Counted by folder.
 */
export interface ReportSkipped {
  /** The folder, as the files in the report are named, with a trailing `/`. */
  path: string;
  /** How many `.sol` files it holds (a lower bound when `partial`). */
  files: number;
  reason: 'dependency' | 'outside-sources';
  /** The count stopped early: the folder is very large. */
  partial?: boolean;
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
  /**
   * Findings a person triaged away (`.synor/triage.json`, every state but `confirmed`),
   * when the caller passes them in with their decision: listed apart, left out of the
   * totals and the risk.
   */
  triaged?: Finding[];
  gas: ReportContractGas[];
  errors: ReportError[];
  /** Compiler in use and anything the deep tier could not do. */
  notes: string[];
  /** What must be read first, shown at the top of every format (e.g. that nothing could be measured). */
  headline?: string;
  /** Files left out of the analysis (present when the caller walked folders, e.g. the CLI). */
  skipped?: ReportSkipped[];
  /** Each compiled contract's bytecode, when it was analysed (the deep tier, `--measure`). */
  bytecode?: ReportContractBytecode[];
}

export interface ReportInput {
  results: AnalysisResult[];
  errors?: ReportError[];
  gas?: ReportContractGas[];
  notes?: string[];
  headline?: string;
  skipped?: ReportSkipped[];
  bytecode?: ReportContractBytecode[];
  /** Fixed time for reproducible output (tests); defaults to now. */
  now?: Date;
}

export function buildReport(input: ReportInput): Report {
  const all = input.results.flatMap((r) => r.findings);
  const triaged = all.filter((f) => f.triage && f.triage.state !== 'confirmed');
  const findings = triaged.length === 0 ? all : all.filter((f) => !triaged.includes(f));
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
    ...(triaged.length > 0 ? { triaged } : {}),
    gas: input.gas ?? [],
    errors,
    notes: input.notes ?? [],
    ...(input.headline ? { headline: input.headline } : {}),
    ...(input.skipped ? { skipped: input.skipped } : {}),
    ...(input.bytecode && input.bytecode.length > 0 ? { bytecode: input.bytecode } : {}),
  };
}

/** A bytecode finding's confirmation in words. */
export function confirmationLabel(f: { confirmed?: boolean }): string {
  return f.confirmed === true ? 'confirmed in a local EVM' : f.confirmed === false ? 'not confirmed' : 'not tried';
}

/** The summary lines of one contract's bytecode: size, compiler, proxy, standards, selectors; plain text, shared by the formats. */
export function bytecodeFacts(c: ReportContractBytecode): Array<{ label: string; text: string; alarm?: boolean }> {
  const n = (x: number) => x.toLocaleString('en-US');
  const pct = ((100 * c.runtimeSize) / c.sizeLimit).toFixed(1);
  const sel = c.selectors;
  const differ = [sel.missingFromCode.length ? `not in the code: ${sel.missingFromCode.join(', ')}` : '', sel.notInAbi.length ? `not in the ABI: ${sel.notInAbi.map((x) => `0x${x}`).join(', ')}` : ''].filter(Boolean).join('; ');
  return [
    { label: 'Size', text: `${n(c.runtimeSize)} bytes of runtime, ${pct}% of EIP-170's ${n(c.sizeLimit)}${c.overEip170 ? ': over the limit, mainnet would refuse to deploy it' : ''}`, ...(c.overEip170 ? { alarm: true } : {}) },
    { label: 'Compiler', text: c.solc ? `solc ${c.solc} (from the metadata${c.metadataHash ? `, ${c.metadataHash}` : ''})` : c.metadataHash ? `not recorded (metadata ${c.metadataHash})` : 'no metadata in the code' },
    { label: 'Proxy', text: c.proxy.kind === 'none' ? `none${c.proxy.uups ? ' (a UUPS implementation: it answers proxiableUUID())' : ''}` : `${c.proxy.kind}${c.proxy.slot ? `, implementation slot ${c.proxy.slot}` : ''}${c.proxy.uups ? ' (UUPS)' : ''}` },
    { label: 'Standards', text: c.standards.map((s) => (s.complete ? s.standard : `${s.standard} (partial, ${s.present} of ${s.total})`)).join(', ') || 'none recognised' },
    {
      label: 'Selectors',
      text: `${sel.count} dispatched; ${sel.agree ? "they agree with the ABI" : `they differ from the ABI (${differ})`}${sel.payabilityDiffers.length ? `; payability differs: ${sel.payabilityDiffers.join(', ')}` : ''}`,
      ...(sel.agree ? {} : { alarm: true }),
    },
    ...(c.truncated ? [{ label: 'Note', text: 'the exploration hit its budget: findings and selectors may be incomplete' }] : []),
    ...(c.error ? [{ label: 'Error', text: c.error, alarm: true }] : []),
  ];
}

/**
 * What was skipped, one entry per reason: `text` is e.g. "310 files in lib/,
 * node_modules/" and `why` "dependencies". Empty when nothing was.
 */
export function describeSkipped(skipped: readonly ReportSkipped[] | undefined): Array<{ reason: ReportSkipped['reason']; files: number; text: string; why: string }> {
  const out: Array<{ reason: ReportSkipped['reason']; files: number; text: string; why: string }> = [];
  for (const reason of ['dependency', 'outside-sources'] as const) {
    const group = (skipped ?? []).filter((s) => s.reason === reason && s.files > 0);
    if (group.length === 0) continue;
    const n = group.reduce((a, s) => a + s.files, 0);
    const more = group.some((s) => s.partial) ? '+' : '';
    const why = reason === 'dependency' ? 'dependencies' : "outside the project's sources";
    out.push({ reason, files: n, text: `${n}${more} file${n === 1 && !more ? '' : 's'} in ${group.map((s) => s.path).join(', ')}`, why });
  }
  return out;
}

/** The rule metadata a report cites, by id. */
export function ruleInfo(ruleId: string) {
  return ruleMap().get(ruleId);
}
