import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type RuleContext } from '../framework';
import { subtree } from '../../facts/ast-index';
import { baseIdentifier, intType, writesIn } from '../../facts/ast-util';
import { hasOpaqueCall, typeOf } from '../../facts/declarations';

const ARITH = new Set(['+', '-', '*', '/', '%', '**']);

/** Normalised text of an operand, for matching `a - b` against `a >= b`. */
function key(ctx: RuleContext, n: ASTNode): string {
  return ctx.text(n).replace(/\s+/g, '');
}

/** True when `cond` (if it holds) proves `a >= b`. */
function proves(ctx: RuleContext, cond: ASTNode, a: string, b: string): boolean {
  if (cond.type === 'BinaryOperation') {
    if (cond.operator === '&&') return proves(ctx, cond.left, a, b) || proves(ctx, cond.right, a, b);
    const l = key(ctx, cond.left);
    const r = key(ctx, cond.right);
    if ((cond.operator === '>=' || cond.operator === '>') && l === a && r === b) return true;
    if ((cond.operator === '<=' || cond.operator === '<') && l === b && r === a) return true;
  }
  if (cond.type === 'TupleExpression' && cond.components.length === 1 && cond.components[0]) return proves(ctx, cond.components[0] as ASTNode, a, b);
  return false;
}

/** True when `cond` failing proves `a >= b` (for `if (a < b) revert …;`). */
function provesNegated(ctx: RuleContext, cond: ASTNode, a: string, b: string): boolean {
  if (cond.type === 'BinaryOperation') {
    if (cond.operator === '||') return provesNegated(ctx, cond.left, a, b) || provesNegated(ctx, cond.right, a, b);
    const l = key(ctx, cond.left);
    const r = key(ctx, cond.right);
    if ((cond.operator === '<' || cond.operator === '<=') && l === a && r === b) return true;
    if ((cond.operator === '>' || cond.operator === '>=') && l === b && r === a) return true;
  }
  return false;
}

function alwaysExits(s: ASTNode): boolean {
  if (s.type === 'RevertStatement' || s.type === 'ReturnStatement' || s.type === 'ThrowStatement') return true;
  if (s.type === 'ExpressionStatement' && s.expression?.type === 'FunctionCall' && s.expression.expression.type === 'Identifier' && s.expression.expression.name === 'revert') return true;
  if (s.type === 'Block') return s.statements.length > 0 && alwaysExits(s.statements[s.statements.length - 1] as ASTNode);
  return false;
}

export default defineRule({
  meta: {
    id: 'unchecked-math',
    title: 'Checked arithmetic that cannot overflow',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A subtraction guarded by a comparison that already rules out underflow pays for a second, redundant check; SafeMath on solc ≥0.8 checks everything twice.',
    messages: {
      'redundant-safemath': 'A SafeMath library attached where solc 0.8 already checks arithmetic',
      'redundant-check': 'A checked subtraction that a preceding comparison already keeps from underflowing',
    },
    fix: 'unsafe',
    minSolc: '0.8.0',
    aliases: { '4naly3er': ['GAS/canUseUnchecked', 'NC/safeMath08'] },
  },
  create(ctx) {
    return {
      UsingForDeclaration(node) {
        if (node.libraryName !== 'SafeMath' && node.libraryName !== 'SignedSafeMath') return;
        ctx.report({ node, messageId: 'redundant-safemath', message: `${node.libraryName} repeats the overflow checks that solc 0.8 already makes; use the plain operators.` });
      },
      BinaryOperation(node) {
        if (node.operator !== '-') return;
        if (ctx.index.enclosing(node, 'UncheckedStatement')) return;
        const a = key(ctx, node.left);
        const b = key(ctx, node.right);
        // Operands must be plain reads whose values cannot change between the check and the subtraction.
        const plain = (n: ASTNode) => subtree(n).every((x) => ['Identifier', 'MemberAccess', 'IndexAccess', 'NumberLiteral'].includes(x.type));
        if (!plain(node.left) || !plain(node.right)) return;
        // For signed values `a >= b` does not rule out overflow (int.max - (-1)); only unsigned operands qualify.
        const unsigned = (n: ASTNode) => n.type === 'NumberLiteral' || intType(typeOf(ctx, n))?.signed === false;
        if (!unsigned(node.left) || !unsigned(node.right)) return;
        const fn = ctx.index.enclosing(node, 'FunctionDefinition');
        if (!fn?.body) return;
        const roots = new Set([baseIdentifier(node.left)?.name, baseIdentifier(node.right)?.name].filter(Boolean));
        const guarded = guard(ctx, node, a, b);
        if (!guarded) return;
        // No write to the operands after the guard, and no call that could change state the operands read.
        if (writesIn(fn.body).some((w) => w.name && roots.has(w.name))) return;
        if (hasOpaqueCall(ctx, fn.body)) return;
        const stmt = statementOf(ctx, node);
        const fixes = [];
        if (stmt && subtree(stmt).filter((n) => n.type === 'BinaryOperation' && ARITH.has(n.operator)).length === 1 && (stmt.type === 'ExpressionStatement' || stmt.type === 'ReturnStatement')) {
          fixes.push({ title: 'Wrap the statement in an unchecked block', safety: 'unsafe' as const, edits: [ctx.edit.replace(stmt, `unchecked { ${ctx.text(stmt)} }`)] });
        }
        ctx.report({
          node,
          messageId: 'redundant-check',
          message: `${ctx.text(node)} cannot underflow: ${guarded}. The compiler's check is redundant; an unchecked block skips it.`,
          fixes,
        });
      },
    };
  },
});

function statementOf(ctx: RuleContext, node: ASTNode): ASTNode | undefined {
  for (let p = ctx.parent(node); p; p = ctx.parent(p)) {
    const parent = ctx.parent(p);
    if (parent && (parent.type === 'Block' || parent.type === 'UncheckedStatement')) return p;
    if (p.type === 'FunctionDefinition') return undefined;
  }
  return undefined;
}

/** Describes the guard that proves `a >= b` where `node` runs, or undefined. */
function guard(ctx: RuleContext, node: ASTNode, a: string, b: string): string | undefined {
  let child: ASTNode = node;
  for (let p = ctx.parent(node); p; child = p, p = ctx.parent(p)) {
    if (p.type === 'FunctionDefinition') return undefined;
    if (p.type === 'Conditional' && p.trueExpression === child && proves(ctx, p.condition, a, b)) return `the condition ${ctx.text(p.condition)} holds`;
    if (p.type === 'IfStatement' && p.trueBody === child && proves(ctx, p.condition, a, b)) return `it runs only when ${ctx.text(p.condition)}`;
    if (p.type === 'IfStatement' && p.falseBody === child && provesNegated(ctx, p.condition, a, b)) return `it runs only when ${ctx.text(p.condition)} is false`;
    if (p.type === 'Block') {
      // Earlier statements of the same block: require(a >= b) or if (a < b) revert.
      const idx = (p.statements as ASTNode[]).indexOf(child);
      for (let i = idx - 1; i >= 0; i--) {
        const s = p.statements[i] as ASTNode;
        if (s.type === 'ExpressionStatement' && s.expression?.type === 'FunctionCall' && s.expression.expression.type === 'Identifier' && ['require', 'assert'].includes(s.expression.expression.name) && s.expression.arguments[0] && proves(ctx, s.expression.arguments[0], a, b)) return `${ctx.text(s.expression.arguments[0])} is checked above`;
        if (s.type === 'IfStatement' && !s.falseBody && alwaysExits(s.trueBody) && provesNegated(ctx, s.condition, a, b)) return `the function exits above when ${ctx.text(s.condition)}`;
      }
    }
  }
  return undefined;
}
