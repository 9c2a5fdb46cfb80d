/**
 * Whether a measured fix saves gas: the one verdict on a fix's saving.
 *
 * A runtime fix may trade deployment gas for cheaper calls (caching a length
 * adds a little code), and a storage fix may make a read dearer while saving a
 * slot (packing); both are trade-offs, acceptable when no call got dearer and
 * one got cheaper (per call or per loop iteration), or when the fix is a net
 * saving over one deployment and one call of each function. A newly reverting
 * call is always a loss, and so is any deployment rise for the rules that
 * exist to lower deployment cost. A fix that changes nothing measured (solc
 * already does what it suggests) is `no-effect`: it saves nothing and is not
 * offered as a saving.
 */

/** Rules whose fixes are about deployment cost (class D in the rule catalogue). */
export const DEPLOYMENT_RULES: ReadonlySet<string> = new Set(['custom-errors', 'short-revert-strings', 'private-constants', 'dead-code-size', 'default-init', 'external-not-public']);

type Figure = number | 'reverted' | 'not-called';

export interface GasComparison {
  deploy?: { before: number; after: number };
  /** `refunded`: a figure of the call includes a gas refund (storage cleared), so it is not a plain cost. */
  calls: Array<{ fn: string; before: Figure; after: Figure; perIteration?: { before: number; after: number }; refunded?: boolean }>;
}

export interface FixVerdict {
  kind: 'saving' | 'trade-off' | 'loss' | 'no-effect';
  /** What rose, in words; empty for a plain saving. */
  reasons: string[];
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString('en-US')}`;

export function judgeFix(ruleId: string, m: GasComparison): FixVerdict {
  const reasons: string[] = [];
  let loss = false;
  const deployDelta = m.deploy ? m.deploy.after - m.deploy.before : 0;
  let callDelta = 0;
  let dearer = 0;
  let cheaper = 0;
  let iterationSaving = false;
  for (const c of m.calls) {
    if (typeof c.before === 'number' && c.after === 'reverted') {
      reasons.push(`${c.fn} reverts after the fix`);
      loss = true;
    } else if (typeof c.before === 'number' && typeof c.after === 'number') {
      const d = c.after - c.before;
      const pd = c.perIteration ? c.perIteration.after - c.perIteration.before : 0;
      // A loop's cost per iteration decides over a longer run than the one measured.
      if (pd > 0) {
        dearer++;
        reasons.push(`${c.fn} ${signed(pd)} per iteration`);
      } else if (pd < 0) {
        cheaper++;
        iterationSaving = true;
        if (d > 0) reasons.push(`${c.fn} ${signed(d)} at the smaller size measured`);
      } else if (d > 0) {
        dearer++;
        reasons.push(`${c.fn} ${signed(d)}`);
      } else if (d < 0) cheaper++;
      callDelta += d;
    }
  }
  if (deployDelta > 0) reasons.unshift(`deploy ${signed(deployDelta)}`);
  if (DEPLOYMENT_RULES.has(ruleId) && deployDelta > 0) loss = true;
  if (loss) return { kind: 'loss', reasons };
  if (cheaper === 0 && deployDelta >= 0) return { kind: dearer === 0 && deployDelta === 0 ? 'no-effect' : 'loss', reasons };
  if (reasons.length === 0) return { kind: 'saving', reasons };
  if ((dearer === 0 && cheaper > 0) || (iterationSaving && dearer === 0) || deployDelta + callDelta < 0) return { kind: 'trade-off', reasons };
  return { kind: 'loss', reasons };
}

/** What a measured fix does, in one sentence for the finding's message. */
export function describeVerdict(v: FixVerdict, m: GasComparison & { solc?: string; optimizer?: { enabled: boolean; runs: number } }): string {
  // A figure that includes a refund is never presented as a plain measurement.
  const refund = m.calls.some((c) => c.refunded && typeof c.before === 'number' && typeof c.after === 'number') ? 'refund included' : '';
  const settings = m.solc ? `solc ${m.solc}, optimizer ${m.optimizer?.enabled ? `on, ${m.optimizer.runs} runs` : 'off'}` : '';
  const where = settings || refund ? ` (${[settings, refund].filter(Boolean).join('; ')})` : '';
  const parts: string[] = [];
  const deployDelta = m.deploy ? m.deploy.after - m.deploy.before : 0;
  if (deployDelta !== 0) parts.push(`deployment ${signed(deployDelta)}`);
  let bestCall = 0;
  let bestIter = 0;
  let unchanged = 0;
  for (const c of m.calls) {
    if (typeof c.before !== 'number' || typeof c.after !== 'number') {
      if (c.after === 'reverted' && typeof c.before === 'number') parts.push(`${c.fn} reverts after the fix`);
      continue;
    }
    const d = c.after - c.before;
    const pd = c.perIteration ? c.perIteration.after - c.perIteration.before : 0;
    if (d === 0 && pd === 0) {
      unchanged++;
      continue;
    }
    const bits: string[] = [];
    if (d !== 0) bits.push(`${signed(d)} per call`);
    if (pd !== 0) bits.push(`${signed(pd)} per loop iteration`);
    parts.push(`${c.fn} ${bits.join(', ')}`);
    bestCall = Math.min(bestCall, d);
    bestIter = Math.min(bestIter, pd);
  }
  if (unchanged > 0) parts.push(`${unchanged === m.calls.length ? 'calls' : `${unchanged} other call${unchanged === 1 ? '' : 's'}`} unchanged`);
  const figures = parts.join('; ') || 'no change';
  switch (v.kind) {
    case 'saving':
      return `Measured saving${where}: ${figures}.`;
    case 'trade-off': {
      let payback = '';
      if (deployDelta > 0 && bestIter < 0) payback = ` It pays for its deployment cost after about ${Math.ceil(deployDelta / -bestIter).toLocaleString('en-US')} loop iterations.`;
      else if (deployDelta > 0 && bestCall < 0) payback = ` It pays for its deployment cost after about ${Math.ceil(deployDelta / -bestCall).toLocaleString('en-US')} calls.`;
      return `Measured trade-off${where}: ${figures}.${payback}`;
    }
    case 'no-effect':
      return `Measured${where}: no change in deployment or in the calls measured; the compiler already does this.`;
    default:
      return `Measured loss${where}: ${figures}.`;
  }
}
