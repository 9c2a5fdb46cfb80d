import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, isAssignment, unparen } from '../../facts/ast-util';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'unbounded-loop',
    title: 'Loop over a storage array anyone can grow',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-128',
    description: 'A loop runs over the whole of a storage array that unprivileged callers can lengthen, so it can outgrow the block gas limit.',
    messages: {
      'loop-over-growable': 'A loop over a storage array that any caller can extend',
      'reset-growable': 'A reset of a storage array that any caller can extend',
    },
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const growable = growableArrays(program);
        if (growable.size === 0) return;
        for (const fn of program.functions) {
          if (!fn.node.body) continue;
          const visit = (n: ASTNode) => {
            if (n.type === 'ForStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement') {
              const cond = n.type === 'ForStatement' ? n.conditionExpression : n.condition;
              const arr = cond ? lengthOf(cond, fn, program) : undefined;
              if (arr && growable.has(arr)) {
                ctx.report({ node: n, range: headRange(n), messageId: 'loop-over-growable', message: `This loop walks all of \`${arr}\`, which ${growable.get(arr)}() lets any caller extend: once it is long enough the loop needs more gas than a block holds, and ${fn.name || fn.kind}() can never run again. Bound the work per call (paginate) or cap the array.` });
              }
            }
            // Resetting a dynamic storage array clears every slot: a loop in disguise.
            const cleared = clearedArray(n, fn, program);
            if (cleared && growable.has(cleared) && !program.isProtected(fn)) {
              ctx.report({ node: n, messageId: 'reset-growable', message: `Resetting \`${cleared}\` clears every element it holds, which costs gas per element; since ${growable.get(cleared)}() lets any caller extend it, it can grow until this reset no longer fits in a block. Bound its length or replace it without clearing (e.g. a fresh mapping key per round).` });
            }
            forEachChild(n, visit);
          };
          visit(fn.node.body);
        }
      },
    };

    function headRange(n: ASTNode) {
      const r = ctx.range(n);
      return { start: r.start, end: { line: r.start.line, character: r.start.character + 3 } };
    }
  },
});

function clearedArray(n: ASTNode, fn: FunctionInfo, program: Program): string | undefined {
  let target: ASTNode | undefined;
  if (isAssignment(n)) {
    const bin = n as NodeOf<'BinaryOperation'>;
    const l = unparen(bin.left);
    const r = unparen(bin.right);
    if (bin.operator === '=' && l.type === 'Identifier' && r.type === 'FunctionCall' && r.expression.type === 'NewExpression') target = l;
    if (bin.operator === '=' && l.type === 'MemberAccess' && l.memberName === 'length' && r.type === 'NumberLiteral' && r.number === '0') target = l.expression;
  } else if (n.type === 'UnaryOperation' && n.operator === 'delete' && unparen(n.subExpression).type === 'Identifier') target = n.subExpression;
  if (!target) return undefined;
  const b = baseIdentifier(target);
  if (!b || unparen(target).type !== 'Identifier') return undefined;
  const r = program.resolve(fn, b.name);
  return r?.kind === 'state' && r.v.typeName?.type === 'ArrayTypeName' && !r.v.typeName.length ? b.name : undefined;
}

function lengthOf(cond: ASTNode, fn: FunctionInfo, program: Program): string | undefined {
  let found: string | undefined;
  const visit = (n: ASTNode) => {
    if (found) return;
    if (n.type === 'MemberAccess' && n.memberName === 'length') {
      const b = baseIdentifier(n.expression);
      if (b && program.resolve(fn, b.name)?.kind === 'state') found = b.name;
    }
    forEachChild(n, visit);
  };
  visit(cond);
  return found;
}

// State arrays that an entry function without a caller check pushes to (or lengthens).
function growableArrays(program: Program): Map<string, string> {
  const out = new Map<string, string>();
  for (const fn of program.functions) {
    if (!fn.node.body) continue;
    const open = program.entriesReaching(fn).find((e) => !program.isProtected(e));
    if (!open || program.isProtected(fn)) continue;
    const visit = (n: ASTNode) => {
      if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && n.expression.memberName === 'push') {
        const b = baseIdentifier(n.expression.expression);
        if (b && program.resolve(fn, b.name)?.kind === 'state' && unparen(n.expression.expression).type === 'Identifier') out.set(b.name, open.name || open.kind);
      }
      if (isAssignment(n) || (n.type === 'UnaryOperation' && n.operator === '++')) {
        const t = unparen(n.type === 'BinaryOperation' ? n.left : (n as NodeOf<'UnaryOperation'>).subExpression);
        if (t.type === 'MemberAccess' && t.memberName === 'length') {
          const b = baseIdentifier(t.expression);
          if (b && program.resolve(fn, b.name)?.kind === 'state') out.set(b.name, open.name || open.kind);
        }
      }
      forEachChild(n, visit);
    };
    visit(fn.node.body);
  }
  return out;
}
