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
import { fromLastCompile } from './lastCompile';

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
  /** A compiler finding of an earlier text, moved with the edits since; the next compile replaces it (lastCompile.ts). */
  fromLastCompile?: true;
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
    data: { index, version, messageId: f.messageId, ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}), ...(fromLastCompile(f) ? { fromLastCompile: true as const } : {}) } satisfies DiagnosticData,
  };
  const tags = ruleMap().get(f.ruleId)?.tags;
  if (tags && tags.length > 0) d.tags = tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  // A triaged finding shown faded (`synor.triagedFindings: "dim"`): a hint, drawn as unused
  // code, that says the decision and why.
  if (f.triage) {
    d.severity = DiagnosticSeverity.Hint;
    d.tags = [...new Set([...(d.tags ?? []), DiagnosticTag.Unnecessary])];
    d.message = `[triaged: ${f.triage.state}${f.triage.reason ? ` — ${f.triage.reason}` : ''}] ${d.message}`;
  }
  return d;
}

function diagnosticMessage(f: Finding): string {
  const saving = gasSummary(f.gas);
  return saving ? `${f.message} (${saving})` : f.message;
}

/** A short gas line: the judged measured effect when there is one, measured figures, else the labelled estimate. */
export function gasSummary(gas: FindingGas | undefined): string | undefined {
  if (!gas) return undefined;
  // The verdict (engine/src/gas/judge.ts) already names the solc version and optimizer settings.
  if (gas.measured && gas.verdict) return gas.verdict.summary.replace(/\.$/, '');
  // Figures without a verdict whose calls reverted are not a measured saving: say why instead.
  if (gas.measured && gas.unmeasured) return `saving not measured: ${gas.unmeasured}`;
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

/** Whether a measured fix is withdrawn: judged a loss or no change, it is not offered as a saving. */
export function measuredWithdrawn(gas: FindingGas | undefined): boolean {
  return !!gas?.measured && (gas.verdict?.kind === 'loss' || gas.verdict?.kind === 'no-effect');
}

/**
 * The measured effect of a fix in a few words for a code action's title, e.g.
 * "saves 5 gas per iteration (measured)" or "trade-off: +864 deployment, −87 per
 * call (measured)"; undefined unless the fix was measured and judged a saving
 * or a trade-off. A figure that includes a gas refund says so.
 */
export function measuredEffect(gas: FindingGas | undefined): string | undefined {
  const m = gas?.measured;
  const kind = gas?.verdict?.kind;
  if (!m || (kind !== 'saving' && kind !== 'trade-off')) return undefined;
  const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatGas(Math.abs(n))}`;
  // The largest saving per loop iteration, else per call, is what the fix is for; the largest rise is its cost.
  type Fig = { d: number; unit: string; refunded: boolean };
  let best: Fig | undefined;
  let worst: Fig | undefined;
  for (const c of m.calls) {
    if (typeof c.before !== 'number' || typeof c.after !== 'number') continue;
    const refunded = !!c.refunded;
    const figs: Fig[] = [{ d: c.after - c.before, unit: 'per call', refunded }];
    if (c.perIteration) figs.unshift({ d: c.perIteration.after - c.perIteration.before, unit: 'per iteration', refunded });
    for (const f of figs) {
      const better = !best || (f.unit === 'per iteration' && best.unit === 'per call') || (f.unit === best.unit && f.d < best.d);
      if (f.d < 0 && better) best = f;
      if (f.d > 0 && (!worst || f.d > worst.d)) worst = f;
    }
  }
  const deploy = m.deploy.after - m.deploy.before;
  const label = best?.refunded || worst?.refunded ? '(measured, refund included)' : '(measured)';
  if (kind === 'saving') {
    if (best) return `saves ${formatGas(-best.d)} gas ${best.unit} ${label}`;
    if (deploy < 0) return `saves ${formatGas(-deploy)} gas at deployment ${label}`;
    return undefined;
  }
  const parts: string[] = [];
  if (deploy !== 0) parts.push(`${signed(deploy)} deployment`);
  if (worst) parts.push(`${signed(worst.d)} ${worst.unit}`);
  if (best) parts.push(`${signed(best.d)} ${best.unit}`);
  return `trade-off: ${parts.join(', ') || 'mixed'} ${label}`;
}

export function formatGas(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
