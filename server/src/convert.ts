/**
 * The only place where engine types become LSP types.
 *
 * Severity mapping (documented in the README's settings paragraph too):
 *   high → Error, medium → Warning, low → Information; gas findings and
 *   info-severity findings → Information by default, Hint with
 *   `synor.lowSeverityAs: "hint"`. VS Code leaves hints out of the Problems
 *   panel, so by default every finding the scan counts can be found there.
 *   Syntax errors are always Error.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import { ruleMap, type Finding, type FindingGas } from '../../engine/src';

/**
 * What a diagnostic carries back to code actions: where its finding is in the
 * published list, and which of its rule's messages it is (for clients and tests
 * that tell findings apart without parsing the text).
 */
export interface DiagnosticData {
  index: number;
  version: number | null;
  messageId: string;
  /** The finding's stable fingerprint (engine/src/fingerprint.ts), the key of baselines and triage. */
  fingerprint?: string;
}

/** The package root: the server bundle is server/out/server.js, two levels below it. */
export function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** The `file://` URI of a rule's documentation page (docs/rules/<id>.md), shipped in the package. */
export function docsUri(ruleId: string, docs?: string): string {
  return pathToFileURL(path.join(packageRoot(), docs ?? `docs/rules/${ruleId}.md`)).toString();
}

/** How gas and info-severity findings are shown: `information` (listed in Problems) or `hint` (dots only). */
export type LowSeverityAs = 'information' | 'hint';

export function toSeverity(f: Finding, lowSeverityAs: LowSeverityAs = 'information'): DiagnosticSeverity {
  if (f.ruleId === 'syntax-error') return DiagnosticSeverity.Error;
  const low = lowSeverityAs === 'hint' ? DiagnosticSeverity.Hint : DiagnosticSeverity.Information;
  if (f.category === 'gas') return low;
  switch (f.severity) {
    case 'high':
      return DiagnosticSeverity.Error;
    case 'medium':
      return DiagnosticSeverity.Warning;
    case 'low':
      return DiagnosticSeverity.Information;
    default:
      return low;
  }
}

export function toDiagnostic(f: Finding, index: number, version: number | null, lowSeverityAs: LowSeverityAs = 'information'): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: toSeverity(f, lowSeverityAs),
    code: f.ruleId,
    codeDescription: { href: docsUri(f.ruleId, f.docs) },
    source: 'synor',
    message: diagnosticMessage(f),
    data: { index, version, messageId: f.messageId, ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}) } satisfies DiagnosticData,
  };
  const tags = ruleMap().get(f.ruleId)?.tags;
  if (tags && tags.length > 0) d.tags = tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return d;
}

function diagnosticMessage(f: Finding): string {
  const saving = gasSummary(f.gas);
  return saving ? `${f.message} (${saving})` : f.message;
}

/** A short gas line: measured figures when there are any, else the labelled estimate. */
export function gasSummary(gas: FindingGas | undefined): string | undefined {
  if (!gas) return undefined;
  if (gas.measured) {
    const m = gas.measured;
    const calls = m.calls.filter((c) => typeof c.before === 'number' && typeof c.after === 'number');
    const callSaving = calls.reduce((n, c) => n + ((c.before as number) - (c.after as number)), 0);
    const deploySaving = m.deploy.before - m.deploy.after;
    const parts: string[] = [];
    if (calls.length > 0) parts.push(`${formatGas(callSaving)} gas over ${calls.length} call${calls.length === 1 ? '' : 's'}`);
    parts.push(`${formatGas(deploySaving)} gas at deployment`);
    return `measured saving: ${parts.join(', ')}; solc ${m.solc}, optimizer ${m.optimizer.enabled ? `on, ${m.optimizer.runs} runs` : 'off'}`;
  }
  if (gas.estimate) return `estimated saving: ~${formatGas(gas.estimate.saving)} gas (${gas.estimate.basis})`;
  if (gas.unmeasured) return `saving not measured: ${gas.unmeasured}`;
  return undefined;
}

export function formatGas(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
