import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, isAssignment, unparen } from '../../facts/ast-util';
import { programFact } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'short-address',
    title: 'Token transfer open to the short-address attack',
    category: 'security',
    severity: 'low',
    confidence: 'low',
    description: 'Before 0.5 the compiler did not reject short calldata: an address argument missing its last bytes shifts the amount left, multiplying it by 256 per missing byte.',
    messages: { 'short-address-transfer': 'A function taking an address then an amount, open to the short-address attack before solc 0.5' },
    fix: 'none',
    maxSolc: '0.5.0',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          if (!fn.isEntry || !fn.node.body) continue;
          const params = fn.node.parameters ?? [];
          const names = params.map((p) => ({ name: p.name ?? '', type: (p.typeName as ASTNode | null)?.type === 'ElementaryTypeName' ? (p.typeName as { name: string }).name : '' }));
          const addrIdx = names.findIndex((p) => p.type.startsWith('address'));
          const amount = names.slice(addrIdx + 1).find((p) => /^uint/.test(p.type));
          if (addrIdx < 0 || !amount) continue;
          const to = names[addrIdx].name;
          const text = ctx.text(fn.node);
          if (/msg\.data\.length/.test(text)) continue;
          if (fn.modifiers.some((m) => /payload|size|length/i.test(m.name))) continue;
          // The amount is credited to the address argument in a balance mapping.
          let credits = false;
          const visit = (n: ASTNode) => {
            if (isAssignment(n)) {
              const bin = n as Extract<ASTNode, { type: 'BinaryOperation' }>;
              const l = unparen(bin.left);
              if (l.type === 'IndexAccess' && l.index && unparen(l.index).type === 'Identifier' && (unparen(l.index) as { name: string }).name === to && baseIdentifier(l) && program.resolve(fn, baseIdentifier(l)!.name)?.kind === 'state' && ctx.text(bin.right).includes(amount.name)) credits = true;
            }
            forEachChild(n, visit);
          };
          visit(fn.node.body);
          if (!credits) continue;
          ctx.report({ node: params[addrIdx], message: `${fn.name}() takes an address followed by an amount and credits the amount to it; compiled with solc before 0.5, a call with a truncated address shifts the amount left by 8 bits per missing byte. Check msg.data.length (or compile with 0.5+).` });
        }
      },
    };
  },
});
