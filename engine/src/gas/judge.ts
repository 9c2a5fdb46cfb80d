/**
 * Whether a measured fix saves gas. A runtime fix may trade deployment gas
 * for cheaper calls (caching a length adds a little code), and a storage fix
 * may make a read dearer while saving a slot (packing); both are trade-offs,
 * acceptable when no call got dearer and one got cheaper, or when the fix is
 * a net saving over one deployment and one call of each function. A newly
 * reverting call is always a loss, and so is any deployment rise for the
 * rules that exist to lower deployment cost.
 */

/** Rules whose fixes are about deployment cost (class D in the rule catalogue). */
export const DEPLOYMENT_RULES: ReadonlySet<string> = new Set(['custom-errors', 'short-revert-strings', 'private-constants', 'dead-code-size', 'default-init', 'external-not-public']);

export interface GasComparison {
  deploy?: { before: number; after: number };
  calls: Array<{ fn: string; before: number | 'reverted' | 'not-called'; after: number | 'reverted' | 'not-called' }>;
}

export interface FixVerdict {
  kind: 'saving' | 'trade-off' | 'loss';
  /** What rose, in words; empty for a plain saving. */
  reasons: string[];
}

const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;

export function judgeFix(ruleId: string, m: GasComparison): FixVerdict {
  const reasons: string[] = [];
  let loss = false;
  const deployDelta = m.deploy ? m.deploy.after - m.deploy.before : 0;
  let callDelta = 0;
  let dearer = 0;
  let cheaper = 0;
  for (const c of m.calls) {
    if (typeof c.before === 'number' && c.after === 'reverted') {
      reasons.push(`${c.fn} reverts after the fix`);
      loss = true;
    } else if (typeof c.before === 'number' && typeof c.after === 'number') {
      callDelta += c.after - c.before;
      if (c.after > c.before) {
        dearer++;
        reasons.push(`${c.fn} ${signed(c.after - c.before)}`);
      } else if (c.after < c.before) cheaper++;
    }
  }
  if (deployDelta > 0) reasons.unshift(`deploy ${signed(deployDelta)}`);
  if (DEPLOYMENT_RULES.has(ruleId) && deployDelta > 0) loss = true;
  if (loss) return { kind: 'loss', reasons };
  if (reasons.length === 0) return { kind: 'saving', reasons };
  if ((dearer === 0 && cheaper > 0) || deployDelta + callDelta < 0) return { kind: 'trade-off', reasons };
  return { kind: 'loss', reasons };
}
