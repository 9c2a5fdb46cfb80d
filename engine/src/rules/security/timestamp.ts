import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { isAssignment, isTimestamp, unparen } from '../../facts/ast-util';

const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=']);

export default defineRule({
  meta: {
    id: 'timestamp',
    title: 'Decision based on block.timestamp',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-116',
    description: 'A comparison uses block.timestamp (or now), which the block producer can shift by several seconds.',
    messages: { 'timestamp-comparison': 'A comparison that depends on block.timestamp' },
    fix: 'none',
    scope: 'member',
    aliases: { slither: ['timestamp'], aderyn: ['block-timestamp-deadline'], solhint: ['not-rely-on-time'] },
  },
  create(ctx) {
    // Locals that hold a timestamp-derived value, per function.
    const derived = new Map<ASTNode, Set<string>>();
    const timeLocals = (fn: ASTNode): Set<string> => {
      let s = derived.get(fn);
      if (s) return s;
      s = new Set();
      derived.set(fn, s);
      const mentions = (e: ASTNode | null | undefined): boolean => {
        if (!e) return false;
        let hit = false;
        const v = (n: ASTNode) => {
          if (hit) return;
          if (isTimestamp(n) || (n.type === 'Identifier' && s!.has(n.name))) hit = true;
          else forEachChild(n, v);
        };
        v(e);
        return hit;
      };
      for (let round = 0; round < 2; round++) {
        const visit = (n: ASTNode) => {
          if (n.type === 'VariableDeclarationStatement' && mentions(n.initialValue)) for (const d of n.variables as Array<NodeOf<'VariableDeclaration'> | null>) if (d?.name) s!.add(d.name);
          if (isAssignment(n)) {
            const l = unparen((n as NodeOf<'BinaryOperation'>).left);
            if (l.type === 'Identifier' && mentions((n as NodeOf<'BinaryOperation'>).right)) s!.add(l.name);
          }
          forEachChild(n, visit);
        };
        visit(fn);
      }
      return s;
    };
    const usesTime = (e: ASTNode, locals: Set<string>): boolean => {
      let hit = false;
      const v = (n: ASTNode) => {
        if (hit) return;
        if (isTimestamp(n) || (n.type === 'Identifier' && locals.has(n.name))) hit = true;
        else forEachChild(n, v);
      };
      v(e);
      return hit;
    };
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (!COMPARE.has(node.operator)) return;
        const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
        if (!fn) return;
        const locals = timeLocals(fn);
        if (!usesTime(node.left, locals) && !usesTime(node.right, locals)) return;
        // Report the outermost comparison of a condition once.
        const outer = ctx.index.ancestors(node).find((a) => a.type === 'BinaryOperation' && COMPARE.has((a as NodeOf<'BinaryOperation'>).operator));
        if (outer) return;
        ctx.report({ node, message: 'This comparison depends on block.timestamp, which the block producer can move by several seconds; do not let it decide outcomes that a few seconds can change (randomness, tight deadlines, equality with a time).' });
      },
    };
  },
});
