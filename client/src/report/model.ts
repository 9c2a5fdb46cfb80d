/**
 * What the report view reads from the server's `synor.report` answer. Every field is optional:
 * the view must render whatever part of the report is there (the deep tier may still be
 * compiling, or unavailable) and must not break when the server adds or drops a field.
 * No `vscode` import here, so the rendering can be tested in plain Node.
 */

export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** The EIP-170 limit on deployed code, in bytes. */
export const EIP170_LIMIT = 24_576;
/** The EIP-3860 limit on init code, in bytes. */
export const EIP3860_LIMIT = 49_152;

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface MeasuredGas {
  solc?: string;
  optimizer?: { enabled?: boolean; runs?: number };
  deploy?: { before?: number; after?: number };
  calls?: Array<{ fn?: string; before?: number | 'reverted'; after?: number | 'reverted' }>;
}

export interface FindingGas {
  estimate?: { saving?: number; basis?: string };
  measured?: MeasuredGas & { verdict?: { kind?: string; summary?: string } };
  unmeasured?: string;
  /** The judge's verdict on a measured fix (engine/src/gas/judge.ts): saving, trade-off, loss or no-effect. */
  verdict?: { kind?: string; summary?: string };
}

export interface ReportFix {
  title?: string;
  safety?: 'safe' | 'unsafe' | string;
  /** Why an unsafe fix may change behaviour. */
  reason?: string;
  edits?: TextEdit[];
  /** This fix's measured gas, when the server measured it for the report. */
  gas?: FindingGas;
}

export interface ReportFinding {
  ruleId?: string;
  title?: string;
  category?: string;
  severity?: string;
  confidence?: string;
  swc?: string;
  file?: string;
  range?: Range;
  message?: string;
  fixes?: ReportFix[];
  gas?: FindingGas;
  docs?: string;
  contract?: string;
  function?: string;
  /** A person's decision from `.synor/triage.json` (triaged findings are listed apart). */
  triage?: { state?: string; reason?: string; author?: string; date?: string };
}

export interface RiskDriver {
  ruleId?: string;
  title?: string;
  severity?: string;
  count?: number;
  share?: number;
}

export interface ContractRisk {
  file?: string;
  contract?: string;
  score?: number;
  level?: string;
  drivers?: RiskDriver[];
  explanation?: string;
}

export interface FunctionGas {
  name?: string;
  signature?: string;
  selector?: string;
  gas?: number | 'reverted' | 'not-called' | null;
  revertReason?: string;
}

export interface ContractGas {
  name?: string;
  file?: string;
  kind?: string;
  deploy?: { gas?: number; failed?: string } | number;
  runtimeSize?: number;
  initcodeSize?: number;
  sizeLimit?: number;
  functions?: FunctionGas[];
}

/** What the bytecode analysis of one compiled contract found (engine/src/bytecode/compiled.ts), as loosely as the view takes it. */
export interface ContractBytecodeView {
  contract?: string;
  file?: string;
  runtimeSize?: number;
  sizeLimit?: number;
  overEip170?: boolean;
  solc?: string;
  metadataHash?: string;
  proxy?: { kind?: string; slot?: string; uups?: boolean };
  standards?: Array<{ standard?: string; complete?: boolean; present?: number; total?: number }>;
  selectors?: { count?: number; agree?: boolean; missingFromCode?: string[]; notInAbi?: string[]; payabilityDiffers?: string[] };
  findings?: Array<{ id?: string; title?: string; severity?: string; swc?: string; functions?: string[]; confirmed?: boolean; confirmation?: string; place?: { line?: number; column?: number }; source?: string[]; message?: string }>;
  truncated?: boolean;
  error?: string;
}

/** The server's `synor.report` result, as loosely as the view can take it. */
export interface RawReport {
  uri?: string;
  version?: number | null;
  error?: string;
  report?: {
    generatedAt?: string;
    tool?: { name?: string; version?: string };
    summary?: { findings?: number; bySeverity?: Partial<Record<Severity, number>>; lines?: number };
    risk?: ContractRisk[];
    findings?: ReportFinding[];
    /** Findings triaged away, with the decision: not counted. */
    triaged?: ReportFinding[];
    gas?: ContractGas[];
    /** The compiled code's bytecode analysis (the deep tier), one entry per contract with code. */
    bytecode?: ContractBytecodeView[];
    errors?: Array<{ file?: string; message?: string }>;
    notes?: string[];
  };
  /** Older or simpler servers may put these at the top level. */
  findings?: ReportFinding[];
  risk?: ContractRisk[] | { score?: number; explanation?: string };
  contracts?: ContractGas[];
  deep?: { status?: 'done' | 'pending' | 'unavailable' | string; reason?: string; compiler?: { version?: string; source?: string } };
  stats?: { lines?: number; parseMs?: number; rulesMs?: number };
}

/** One fix the view can offer, addressed by its finding's and its own index. */
export interface FixEntry {
  finding: number;
  fix: number;
  ruleId: string;
  title: string;
  safety: string;
  line: number;
  saving?: string;
}

/** The report in the shape the view renders; built by `toViewModel`. */
export interface ViewModel {
  uri?: string;
  version?: number | null;
  fileName: string;
  generatedAt?: string;
  findings: ReportFinding[];
  /** Findings triaged away (`.synor/triage.json`), shown faded and not counted. */
  triaged: ReportFinding[];
  bySeverity: Record<Severity, number>;
  risk: ContractRisk[];
  contracts: ContractGas[];
  bytecode: ContractBytecodeView[];
  fixes: FixEntry[];
  deep: { status: string; reason?: string; compiler?: string };
  notes: string[];
  errors: string[];
  error?: string;
}

export function severityOf(f: ReportFinding): Severity {
  return (SEVERITIES as readonly string[]).includes(f.severity ?? '') ? (f.severity as Severity) : 'info';
}

/** A short text for a finding's gas: measured figures first, else the estimate, labelled as such. */
export function gasSaving(gas: FindingGas | undefined): string | undefined {
  if (!gas) return undefined;
  // The judged effect says what the figures mean (a saving, a trade-off with its payback, a loss).
  const verdict = gas.verdict ?? gas.measured?.verdict;
  if (verdict?.summary) return verdict.kind === 'loss' || verdict.kind === 'no-effect' ? `measured, not a saving: ${verdict.summary}` : verdict.summary;
  // Figures without a verdict whose calls reverted are not a measured saving: say why instead.
  if (gas.measured && gas.unmeasured) return `not measured: ${gas.unmeasured}`;
  const m = gas.measured;
  if (m) {
    const calls = (m.calls ?? []).filter((c) => typeof c.before === 'number' && typeof c.after === 'number');
    const perCall = calls.reduce((n, c) => n + ((c.before as number) - (c.after as number)), 0);
    const parts: string[] = [];
    if (calls.length > 0) parts.push(`${formatGas(perCall)} gas over ${calls.length} call${calls.length === 1 ? '' : 's'}`);
    if (m.deploy && typeof m.deploy.before === 'number' && typeof m.deploy.after === 'number') parts.push(`${formatGas(m.deploy.before - m.deploy.after)} gas at deployment`);
    if (parts.length > 0) {
      const opt = m.optimizer ? (m.optimizer.enabled ? `, optimizer ${m.optimizer.runs ?? 200} runs` : ', optimizer off') : '';
      return `measured: saves ${parts.join(', ')}${m.solc ? ` (solc ${m.solc}${opt})` : ''}`;
    }
  }
  if (gas.estimate && typeof gas.estimate.saving === 'number') return `estimated: ~${formatGas(gas.estimate.saving)} gas${gas.estimate.basis ? ` (${gas.estimate.basis})` : ''}`;
  if (gas.unmeasured) return `not measured: ${gas.unmeasured}`;
  return undefined;
}

/** A gas amount with thousands separators; negative amounts (a fix that costs gas) keep their sign. */
export function formatGas(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function deployGas(c: ContractGas): number | undefined {
  if (typeof c.deploy === 'number') return c.deploy;
  return typeof c.deploy?.gas === 'number' ? c.deploy.gas : undefined;
}

/** Normalises whatever the server sent into what the view renders. */
export function toViewModel(raw: RawReport | undefined, fileName: string): ViewModel {
  const r = raw ?? {};
  const findings = r.report?.findings ?? r.findings ?? [];
  const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) bySeverity[severityOf(f)]++;
  let risk: ContractRisk[] = [];
  if (Array.isArray(r.report?.risk)) risk = r.report!.risk!;
  else if (Array.isArray(r.risk)) risk = r.risk;
  else if (r.risk && typeof r.risk === 'object' && typeof r.risk.score === 'number') risk = [{ contract: fileName, score: r.risk.score, explanation: r.risk.explanation }];
  const contracts = r.contracts && r.contracts.length > 0 ? r.contracts : (r.report?.gas ?? []);
  const fixes: FixEntry[] = [];
  findings.forEach((f, i) => {
    (f.fixes ?? []).forEach((x, k) => {
      if (!x.edits || x.edits.length === 0) return;
      // Each fix's own measured figure when the server measured it (the report measures the gas hints' fixes), else the finding's.
      fixes.push({ finding: i, fix: k, ruleId: f.ruleId ?? 'unknown', title: x.title ?? 'Apply fix', safety: x.safety ?? 'unsafe', line: (f.range?.start.line ?? 0) + 1, saving: gasSaving(x.gas ?? f.gas) });
    });
  });
  const deep = r.deep ?? {};
  const compiler = deep.compiler?.version ? `solc ${deep.compiler.version}${deep.compiler.source ? ` (${deep.compiler.source})` : ''}` : undefined;
  return {
    uri: r.uri,
    version: r.version,
    fileName,
    generatedAt: r.report?.generatedAt,
    findings,
    triaged: r.report?.triaged ?? [],
    bySeverity,
    risk,
    contracts,
    bytecode: Array.isArray(r.report?.bytecode) ? r.report!.bytecode! : [],
    fixes,
    deep: { status: deep.status ?? (contracts.length > 0 ? 'done' : 'unavailable'), reason: deep.reason, compiler },
    notes: r.report?.notes ?? [],
    errors: (r.report?.errors ?? []).map((e) => (e.file ? `${e.file}: ${e.message ?? ''}` : (e.message ?? ''))),
    error: r.error,
  };
}
