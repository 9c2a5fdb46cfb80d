/** Grouping, placement and wording that the reentrancy rules share. */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../framework';
import type { Range } from '../../types';
import { limitedGas, staleWrite, type ReentrancyHazard } from '../../facts/reentrancy';

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
  const here = ctx.closure[0];
  for (const h of hazards) {
    const indirect = h.call.fn !== h.entry;
    let key: ASTNode;
    if (!indirect && h.entry.file === here) key = h.call.node;
    // A call in a helper of this file that several entries reach is one cause: one finding at the call, naming the entries.
    // (A call in a modifier is placed on the function it guards.)
    // (When the helper is itself an entry, only if the stale writes are its own: otherwise the cause is in the caller.)
    else if (h.call.fn.file === here && h.entry.file === here && h.call.fn.kind !== 'modifier' && (!h.call.fn.isEntry || writesWithin(h))) key = h.call.node;
    // The entry itself: the finding is shown on its name (the framework places a function reported whole there).
    else if (h.entry.file === here) key = h.entry.node;
    // An entry inherited from another file: report where this file takes part, the call or the stale write.
    else if (h.call.fn.file === here) key = h.call.node;
    else {
      const w = h.writes.find((x) => ctx.fileOf(x.node) === here);
      if (!w) continue;
      key = w.node;
    }
    let g = out.get(key);
    if (!g) out.set(key, (g = { node: key, hazards: [], indirect }));
    g.hazards.push(h);
  }
  return [...out.values()];
}

/** Every write of the hazard is in the function that makes the call. */
function writesWithin(h: ReentrancyHazard): boolean {
  const r = h.call.fn.node.range;
  if (!r || h.writes.length === 0) return false;
  return h.writes.every((w) => !!w.node.range && h.call.fn.file.index.parent(w.node) !== undefined && w.node.range[0] >= r[0] && w.node.range[1] <= r[1]);
}

/** Every call of the group gives the callee only 2300 gas (`send`/`transfer`). */
export function onlyLimitedGas(g: HazardGroup): boolean {
  return g.hazards.every((h) => limitedGas(h.call));
}

/** "line 12", or "line 12 of base/Vault.sol" for a node in another file of the closure. */
export function lineOf(ctx: RuleContext, node: ASTNode): string {
  const f = ctx.fileOf(node);
  if (!f || f === ctx.closure[0]) return `line ${ctx.range(node).start.line + 1}`;
  const line = f.parsed.lines.range(node.range![0], node.range![0]).start.line + 1;
  return `line ${line} of ${f.unit}`;
}

/** "`balances` (line 12)" for the writes of some hazards. */
export function describeWrites(ctx: RuleContext, hazards: ReentrancyHazard[]): string {
  const seen = new Map<string, string>();
  for (const h of hazards) for (const w of h.writes) if (!seen.has(w.name)) seen.set(w.name, lineOf(ctx, w.node));
  return [...seen].map(([name, line]) => (name === '<assembly>' ? `storage written in assembly (${line})` : `\`${name}\` (${line})`)).join(', ');
}

/** "the external call on line 20 (in supportsToken)" for an indirect group. */
export function describeCall(ctx: RuleContext, g: HazardGroup): string {
  const c = g.hazards[0].call;
  return `the external call on ${lineOf(ctx, c.node)}${c.fn.name ? ` (in ${c.fn.name})` : ''}`;
}

export function entries(g: HazardGroup): string {
  return [...new Set(g.hazards.map((h) => (h.entry.name ? `${h.entry.name}()` : `the ${h.entry.kind}`)))].join(', ');
}

/** "reaches" for one entry, "reach" for several. */
export function reaches(g: HazardGroup): string {
  return new Set(g.hazards.map((h) => h.entry)).size > 1 ? 'reach' : 'reaches';
}

export function plural(g: HazardGroup): boolean {
  return new Set(g.hazards.flatMap((h) => h.writes.map((w) => w.name))).size > 1;
}

/**
 * The message for a group none of whose writes was read before the call (see `staleOnly`):
 * `what` names the call, `reentry` who could change the value by re-entering.
 */
export function notReadBeforeMessage(ctx: RuleContext, g: HazardGroup, what: string, reentry: string): string {
  return `${what} before ${describeWrites(ctx, g.hazards)} ${plural(g) ? 'are' : 'is'} updated, but ${plural(g) ? 'none of them is' : 'it is not'} read before the call: the operation decides nothing from a value ${reentry}, and a re-entering call sees the old value as if it had run first. Check only that no function relies on this write landing together with the state changed before the call.`;
}

/** The group cut down to the writes of values read before the call (see `staleWrite`), and to the hazards that keep any. */
export function staleOnly(g: HazardGroup): HazardGroup {
  const hazards = g.hazards.map((h) => ({ ...h, writes: h.writes.filter((w) => staleWrite(h, w)) })).filter((h) => h.writes.length > 0);
  return { ...g, hazards };
}
