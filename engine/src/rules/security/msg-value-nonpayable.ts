import { defineRule, type NodeOf } from '../framework';
import { isAbort, isMember, requireCondition } from '../../facts/ast-util';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { forEachChild } from '../../facts/ast-index';
import { programFact, type FunctionInfo } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'msg-value-nonpayable',
    title: 'msg.value where no payable entry point reaches',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    description: 'msg.value is read in code that only non-payable functions reach, so it is always zero there.',
    messages: { 'value-always-zero': 'msg.value read where no payable function reaches, so it is always 0' },
    fix: 'none',
    aliases: { slither: ['msg-value-in-nonpayable'] },
  },
  create(ctx) {
    /** Whether msg.value read in `fn` is always zero: no payable entry or constructor reaches `fn`. */
    const alwaysZero = (fn: FunctionInfo | undefined): fn is FunctionInfo => {
      const program = ctx.fact(programFact);
      if (!fn || fn.kind === 'modifier' || fn.payable || fn.kind === 'constructor' || fn.contract.kind === 'library') return false;
      // Before 0.4.0 every function accepted ETH; a fallback without `payable` in 0.4.x cannot.
      const entries = program.entriesReaching(fn);
      if (!fn.isEntry && (entries.length === 0 || entries.some((e) => e.payable))) return false;
      if (program.inScope.some((f) => f.kind === 'constructor' && f.payable && program.reachable(f).has(fn))) return false;
      if (!fn.isEntry && program.inScope.some((f) => (f.kind === 'constructor' || f.kind === 'modifier') && program.reachable(f).has(fn))) return false;
      return true;
    };
    return {
      // A helper of another file (a base) read only from this file's non-payable functions: reported at the call here.
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.inScope) {
          if (fn.file === ctx.closure[0] || !fn.node.body || fn.isEntry) continue;
          const reads: ASTNode[] = [];
          const visit = (n: ASTNode) => {
            if (n.type === 'MemberAccess' && isMember(n, 'msg', 'value')) reads.push(n);
            else forEachChild(n, visit);
          };
          visit(fn.node.body);
          const read = reads[0];
          if (!read || !alwaysZero(fn)) continue;
          // A shared helper that only checks msg.value (`require(msg.value == amount)` on its ETH
          // path) rejects that path for callers that cannot pay: it fails closed, nothing is lost.
          if (reads.every((r) => onlyChecked(fn, r))) continue;
          const at = program.siteIn(fn, read);
          if (!at) continue;
          ctx.report({ node: at, message: `${fn.name}() reads msg.value, but only non-payable functions call it, so msg.value is always 0 there.` });
        }
      },
      MemberAccess(node: NodeOf<'MemberAccess'>) {
        if (!isMember(node, 'msg', 'value')) return;
        const program = ctx.fact(programFact);
        const fn = program.functionOf(node);
        if (!fn || fn.kind === 'modifier' || fn.payable || fn.kind === 'constructor' || fn.contract.kind === 'library') return;
        // Before 0.4.0 every function accepted ETH; a fallback without `payable` in 0.4.x cannot.
        const entries = program.entriesReaching(fn);
        if (!fn.isEntry && (entries.length === 0 || entries.some((e) => e.payable))) return;
        if (program.functions.some((f) => f.kind === 'constructor' && f.payable && program.reachable(f).has(fn))) return;
        if (!fn.isEntry && program.functions.some((f) => (f.kind === 'constructor' || f.kind === 'modifier') && program.reachable(f).has(fn))) return;
        ctx.report({ node, message: `${fn.name || fn.kind}() is not payable${fn.isEntry ? '' : ' and only non-payable functions call it'}, so msg.value is always 0 here.` });
      },
    };
  },
});

/**
 * The read only decides whether the function goes on: it sits in a require/assert
 * condition, or in the condition of an `if` one of whose branches reverts.
 */
function onlyChecked(fn: FunctionInfo, read: ASTNode): boolean {
  let child = read;
  let p = fn.file.index.parent(read);
  while (p) {
    if (p.type === 'FunctionCall' && requireCondition(p) === child) return true;
    if (p.type === 'IfStatement') return p.condition === child && (isAbort(p.trueBody as ASTNode) || isAbort(p.falseBody as ASTNode | null));
    if (p.type === 'ExpressionStatement' || p.type === 'VariableDeclarationStatement' || p.type === 'ReturnStatement' || p.type === 'Block') return false;
    child = p;
    p = fn.file.index.parent(p);
  }
  return false;
}
