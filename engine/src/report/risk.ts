import type { Confidence, Finding, Severity } from '../types';

/** How much one finding of a severity weighs before confidence is applied. */
const SEVERITY_WEIGHT: Record<Severity, number> = { high: 30, medium: 12, low: 3, info: 0.5 };
const CONFIDENCE_FACTOR: Record<Confidence, number> = { high: 1, medium: 0.75, low: 0.45 };
/** Quality findings weigh a fifth of security ones; gas hints weigh next to nothing (they only break ties with a clean contract). */
const CATEGORY_FACTOR = { security: 1, quality: 0.2, gas: 0.02 } as const;

/**
 * How exploitable a rule's finding is, which multiplies its weight. A flaw
 * that lets anyone move the contract's value out (or take it over, or run
 * code in its context) outweighs one that needs a victim's own mistake, and
 * both outweigh hygiene: a return value left unchecked, a deprecated call.
 * Keyed by rule id: the rule's check is what says whether the flaw is open to
 * anyone (the rules decide access from what the code checks, never by names).
 */
export type Exploitability = 'value-theft' | 'reentrancy-value' | 'takeover' | 'other' | 'hygiene';
const EXPLOITABILITY: Record<string, Exploitability> = {
  'arbitrary-eth-send': 'value-theft',
  'arbitrary-transferfrom': 'value-theft',
  'unprotected-selfdestruct': 'value-theft',
  'controlled-delegatecall': 'value-theft',
  'reentrancy-eth': 'reentrancy-value',
  'unprotected-ownership': 'takeover',
  'unprotected-initializer': 'takeover',
  'unchecked-erc20-transfer': 'hygiene',
  'unchecked-low-level-call': 'hygiene',
  'unchecked-send': 'hygiene',
  'unused-return': 'hygiene',
  'deprecated-apis': 'hygiene',
};
const EXPLOITABILITY_FACTOR: Record<Exploitability, number> = { 'value-theft': 3.5, 'reentrancy-value': 2.5, takeover: 2, other: 1, hygiene: 0.4 };

export function exploitabilityOf(ruleId: string): Exploitability {
  return EXPLOITABILITY[ruleId] ?? 'other';
}
/**
 * The score saturates: 100 × (1 − e^(−weight / SCALE)). With SCALE 40, one
 * medium-confidence finding that lets anyone take the contract's ETH scores 86
 * (critical), reentrancy with ETH 75, an unprotected owner setter 68 (high),
 * one unchecked token transfer 20 (low); more findings always raise the score.
 */
const SCALE = 40;

export type RiskLevel = 'critical' | 'high' | 'medium' | 'low' | 'minimal';

export interface RiskDriver {
  ruleId: string;
  title: string;
  severity: Severity;
  count: number;
  /** This rule's share of the weight, 0–1. */
  share: number;
}

export interface ContractRisk {
  file: string;
  contract: string;
  score: number;
  /** The summed weight behind `score`, unrounded: orders contracts whose scores round alike. */
  weight: number;
  level: RiskLevel;
  /** The rules that weigh most, heaviest first. */
  drivers: RiskDriver[];
  /** One sentence saying what drives the score. */
  explanation: string;
}

/** Findings about the tooling or the text rather than the contract's behaviour. */
const NOT_RISK = new Set(['syntax-error', 'unused-suppression', 'compiler-error', 'compiler-warning', 'unresolved-import']);

export function findingWeight(f: Finding): number {
  if (NOT_RISK.has(f.ruleId)) return 0;
  // Gas and quality findings are hygiene whatever their rule; the exploitability scale is for security findings.
  const exploit = f.category === 'security' ? EXPLOITABILITY_FACTOR[exploitabilityOf(f.ruleId)] : 1;
  return SEVERITY_WEIGHT[f.severity] * CONFIDENCE_FACTOR[f.confidence] * CATEGORY_FACTOR[f.category] * exploit;
}

export function levelOf(score: number): RiskLevel {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  if (score > 5) return 'low';
  return 'minimal';
}

/**
 * A risk score from 0 to 100 for every contract that has findings or is
 * named in `contracts`, explained by the rules that weigh most.
 */
export function assessRisk(findings: readonly Finding[], contracts: ReadonlyArray<{ file: string; contract: string }> = []): ContractRisk[] {
  const groups = new Map<string, { file: string; contract: string; findings: Finding[] }>();
  const key = (file: string, contract: string) => `${file}\u0000${contract}`;
  for (const c of contracts) groups.set(key(c.file, c.contract), { ...c, findings: [] });
  for (const f of findings) {
    const contract = f.contract ?? '(file level)';
    const k = key(f.file, contract);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { file: f.file, contract, findings: [] }));
    g.findings.push(f);
  }
  const out: ContractRisk[] = [];
  for (const g of groups.values()) {
    const byRule = new Map<string, { f: Finding; count: number; weight: number }>();
    let total = 0;
    for (const f of g.findings) {
      const w = findingWeight(f);
      total += w;
      const r = byRule.get(f.ruleId);
      if (r) {
        r.count++;
        r.weight += w;
      } else byRule.set(f.ruleId, { f, count: 1, weight: w });
    }
    const score = Math.round(100 * (1 - Math.exp(-total / SCALE)));
    const drivers = [...byRule.values()]
      .filter((r) => r.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.f.ruleId.localeCompare(b.f.ruleId))
      .map((r) => ({ ruleId: r.f.ruleId, title: r.f.title, severity: r.f.severity, count: r.count, share: total > 0 ? r.weight / total : 0 }));
    const top = drivers.slice(0, 3).map((d) => `${d.ruleId} ×${d.count} (${Math.round(d.share * 100)}%)`);
    const explanation = drivers.length === 0 ? 'No security findings.' : score === 0 ? `Only hygiene findings: ${top.join(', ')}.` : `Driven by ${top.join(', ')}.`;
    out.push({ file: g.file, contract: g.contract, score, weight: Math.round(total * 1000) / 1000, level: levelOf(score), drivers, explanation });
  }
  return out.sort((a, b) => b.score - a.score || b.weight - a.weight || a.file.localeCompare(b.file) || a.contract.localeCompare(b.contract));
}
