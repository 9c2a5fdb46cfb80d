import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf, type RuleContext } from '../framework';
import { isLoop, isMember } from '../../facts/ast-util';
import { subtree } from '../../facts/ast-index';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'msg-value-in-loop',
    title: 'msg.value read inside a loop',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'msg.value is the same on every iteration, so using it per item credits one payment many times.',
    messages: {
      'value-in-loop': 'msg.value read inside a loop',
      'value-in-loop-call': 'A function that reads msg.value called inside a loop',
    },
    fix: 'none',
    aliases: { slither: ['msg-value-loop'], aderyn: ['msg-value-in-loop'], '4naly3er': ['H/msg.valueInLoop'] },
  },
  create(ctx) {
    return {
      MemberAccess(node: NodeOf<'MemberAccess'>) {
        if (!isMember(node, 'msg', 'value') || !inLoop(ctx, node)) return;
        if (!payableReach(ctx.fact(programFact), node)) return;
        ctx.report({ node, messageId: 'value-in-loop', message: 'msg.value is read inside a loop: it is the same amount on every iteration, so a single payment may be counted once per item. Track the remaining value in a local variable instead.' });
      },
      // The same read one call away: a helper (or what it calls) that reads msg.value, called once per iteration.
      FunctionCall(call: NodeOf<'FunctionCall'>) {
        const program = ctx.fact(programFact);
        const fn = program.functionOf(call);
        const ic = fn?.internalCalls.find((c) => c.node === call);
        if (!fn || !ic || !inLoop(ctx, call) || !payableReach(program, call)) return;
        const reader = valueReader(program, fn, call);
        if (!reader) return;
        const where = reader === ic.target ? '' : ` (through ${reader.name || 'a helper'}())`;
        ctx.report({
          node: call,
          messageId: 'value-in-loop-call',
          message: `${ic.target.name || 'This function'}() reads msg.value${where} and is called inside a loop: msg.value is the same amount on every iteration, so a single payment may be counted once per item. Pass the amount each call may use, tracked in a local variable, instead.`,
        });
      },
    };
  },
});

/** `node` runs inside a loop of its own function or modifier. */
function inLoop(ctx: RuleContext, node: ASTNode): boolean {
  for (const a of ctx.index.ancestors(node)) {
    if (a.type === 'FunctionDefinition' || a.type === 'ModifierDefinition') return false;
    if (isLoop(a)) return true;
  }
  return false;
}

/**
 * msg.value can be non-zero at `node`: a payable entry point reaches its function, or no entry
 * point is known yet (an abstract base nothing derives from). A non-payable function rejects any
 * payment, even when a payable batch delegatecalls it, so code only such entries reach reads zero.
 */
function payableReach(program: Program, node: ASTNode): boolean {
  const fn = program.functionOf(node);
  if (!fn || fn.payable) return true;
  const entries = program.entriesReaching(fn);
  return entries.length === 0 || entries.some((e) => e.payable);
}

/**
 * A function that reads msg.value among those `call` (an internal call in `fn`) runs, itself or
 * through what it calls (helpers, libraries, modifiers): virtual calls resolved as each deployed
 * contract built on `fn`'s contract dispatches them (an override that does not read msg.value
 * replaces a base that does), or every override when no deployed contract is known.
 */
function valueReader(program: Program, fn: FunctionInfo, call: ASTNode): FunctionInfo | undefined {
  const deployed = program.allContracts.filter((c) => c.kind === 'contract' && c.lineage.includes(fn.contract));
  for (const context of deployed.length > 0 ? deployed : [undefined]) {
    const seen = new Set<FunctionInfo>();
    const stack = [...program.targetsIn(fn, call, context)];
    while (stack.length > 0) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      if (g.node.body && subtree(g.node.body).some((n) => isMember(n, 'msg', 'value'))) return g;
      for (const m of g.modifiers) if (m.target) stack.push(m.target);
      for (const c of g.internalCalls) stack.push(...program.targetsIn(g, c.node, context));
    }
  }
  return undefined;
}
