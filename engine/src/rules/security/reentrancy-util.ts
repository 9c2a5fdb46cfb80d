/** Grouping, placement and wording that the reentrancy rules share. */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../framework';
import type { Range } from '../../types';
import type { ReentrancyHazard } from '../../facts/reentrancy';

export interface HazardGroup {
  /** Where to report: the call itself, or the entry function when the call sits in a modifier or callee. */
  node: ASTNode;
  range?: Range;
  hazards: ReentrancyHazard[];
  /** The call lies outside the entry function's own body. */
  indirect: boolean;
}

/**
 * Hazards grouped by where they are reported: a call in the entry function's own
 * body is reported at the call, once; a call reached through a modifier or an
 * internal function is reported at each entry function that reaches it, where
 * the stale write is.
 */
export function groupHazards(ctx: RuleContext, hazards: ReentrancyHazard[]): HazardGroup[] {
  const out = new Map<ASTNode, HazardGroup>();
  for (const h of hazards) {
    const indirect = h.call.fn !== h.entry;
    const key = indirect ? h.entry.node : h.call.node;
    let g = out.get(key);
    if (!g) out.set(key, (g = { node: key, range: indirect ? headRange(ctx, h.entry.node) : undefined, hazards: [], indirect }));
    g.hazards.push(h);
  }
  return [...out.values()];
}

function headRange(ctx: RuleContext, node: ASTNode): Range {
  const r = ctx.range(node);
  const [start] = ctx.offsets(node);
  const lineEnd = ctx.source.indexOf('\n', start);
  const len = (lineEnd < 0 ? ctx.source.length : lineEnd) - start;
  return { start: r.start, end: { line: r.start.line, character: r.start.character + Math.max(1, len) } };
}

/** "`balances` (line 12)" for the writes of some hazards. */
export function describeWrites(ctx: RuleContext, hazards: ReentrancyHazard[]): string {
  const seen = new Map<string, number>();
  for (const h of hazards) for (const w of h.writes) if (!seen.has(w.name)) seen.set(w.name, ctx.range(w.node).start.line + 1);
  return [...seen].map(([name, line]) => (name === '<assembly>' ? `storage written in assembly (line ${line})` : `\`${name}\` (line ${line})`)).join(', ');
}

/** "the external call on line 20 (in supportsToken)" for an indirect group. */
export function describeCall(ctx: RuleContext, g: HazardGroup): string {
  const c = g.hazards[0].call;
  return `the external call on line ${ctx.range(c.node).start.line + 1}${c.fn.name ? ` (in ${c.fn.name})` : ''}`;
}

export function entries(g: HazardGroup): string {
  return [...new Set(g.hazards.map((h) => (h.entry.name ? `${h.entry.name}()` : `the ${h.entry.kind}`)))].join(', ');
}

export function plural(g: HazardGroup): boolean {
  return new Set(g.hazards.flatMap((h) => h.writes.map((w) => w.name))).size > 1;
}
