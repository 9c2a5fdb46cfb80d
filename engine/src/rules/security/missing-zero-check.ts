import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, isAssignment, requireCondition, unparen } from '../../facts/ast-util';
import { programFact } from '../../facts/program';
import { indentAt } from '../../facts/text';

export default defineRule({
  meta: {
    id: 'missing-zero-check',
    title: 'Address parameter stored without a zero check',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    description: 'An address parameter is written to state (or paid) without checking it is not address(0).',
    messages: { 'address-stored-unchecked': 'An address parameter stored in state without a check that it is not address(0)' },
    fix: 'unsafe',
    aliases: { slither: ['missing-zero-check'], aderyn: ['state-no-address-check'], '4naly3er': ['L/address0Check', 'NC/address0Check'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          if (fn.kind === 'modifier' || !fn.node.body) continue;
          const addrParams = [...fn.params].filter(([, d]) => /^address/.test(typeName(d))).map(([n]) => n);
          if (addrParams.length === 0) continue;
          const checked = checkedNames(fn.node);
          const visit = (n: ASTNode) => {
            if (isAssignment(n)) {
              const bin = n as NodeOf<'BinaryOperation'>;
              const b = baseIdentifier(bin.left);
              const r = unparen(bin.right);
              const param = r.type === 'Identifier' ? r.name : r.type === 'FunctionCall' && r.arguments.length === 1 && unparen(r.arguments[0]).type === 'Identifier' ? (unparen(r.arguments[0]) as NodeOf<'Identifier'>).name : undefined;
              if (b && param && addrParams.includes(param) && !checked.has(param) && program.resolve(fn, b.name)?.kind === 'state' && unparen(bin.left).type === 'Identifier') {
                const stmt = ctx.parent(n);
                const fixes = stmt?.type === 'ExpressionStatement' ? [{ title: `Require ${param} != address(0)`, safety: 'unsafe' as const, edits: [ctx.edit.insertAt(ctx.offsets(stmt)[0], `require(${param} != address(0), "zero address");\n${indentAt(ctx.source, ctx.offsets(stmt)[0])}`)] }] : [];
                ctx.report({ node: n, fixes, message: `\`${param}\` is stored in \`${b.name}\` without checking that it is not address(0); a mistaken call leaves the contract ${/owner|admin|governance/i.test(b.name) ? 'without an owner' : 'pointing nowhere'}.` });
              }
            }
            forEachChild(n, visit);
          };
          visit(fn.node.body);
        }
      },
    };
  },
});

function typeName(d: ASTNode): string {
  const t = (d as NodeOf<'VariableDeclaration'>).typeName;
  return t && t.type === 'ElementaryTypeName' ? t.name : '';
}

// Names compared with something in a require, assert or if anywhere in the function or its modifiers' arguments.
function checkedNames(fnNode: ASTNode): Set<string> {
  const out = new Set<string>();
  const collect = (e: ASTNode) => {
    if (e.type === 'Identifier') out.add(e.name);
    forEachChild(e, collect);
  };
  const visit = (n: ASTNode) => {
    const cond = requireCondition(n) ?? (n.type === 'IfStatement' ? n.condition : undefined);
    if (cond) collect(cond);
    if (n.type === 'ModifierInvocation') for (const a of n.arguments ?? []) collect(a as ASTNode);
    if (n.type === 'FunctionCall' && n.expression.type === 'Identifier' && /zero|nonzero|notnull|valid/i.test(n.expression.name)) for (const a of n.arguments) collect(a);
    forEachChild(n, visit);
  };
  visit(fnNode);
  return out;
}
