import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { constantNames, hasUnknownBase, indentAt, isCompileTimeConstant, looksUpgradeable, ownStateVars } from './util/ast';
import { hasCommentIn, ownLines, packedOrder, slotsUsed, storageSize } from './util/layout';

export default defineRule({
  meta: {
    id: 'state-packing',
    title: 'State variables could pack into fewer slots',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'The declared order of the state variables leaves gaps in their 32-byte slots; another order would use fewer slots and fewer SSTOREs.',
    fix: 'unsafe',
  },
  create(ctx) {
    return {
      ContractDefinition(contract) {
        if (contract.kind === 'interface' || contract.kind === 'library') return;
        const vars = ownStateVars(contract).filter((v) => !v.decl.isDeclaredConst && !v.decl.isImmutable && !v.decl.isTransient);
        if (vars.length < 2) return;
        const sizes = vars.map((v) => storageSize(ctx, v.decl.typeName));
        const now = slotsUsed(sizes);
        const order = packedOrder(sizes);
        const best = slotsUsed(order.map((i) => sizes[i]));
        if (best >= now) return;
        const statements = [...new Set(vars.map((v) => v.statement))];
        const subNodes = contract.subNodes as ASTNode[];
        const first = subNodes.indexOf(statements[0]);
        // The fix rewrites one run of declarations; it needs them together, one
        // variable per statement, without comments, and with initialisers whose
        // order cannot matter.
        const constants = constantNames(ctx);
        const contiguous = statements.every((s, i) => subNodes[first + i] === s) && statements.length === vars.length;
        const start = ctx.offsets(statements[0])[0];
        const end = ctx.offsets(statements[statements.length - 1])[1];
        const simpleInits = vars.every((v) => !v.decl.expression || isCompileTimeConstant(ctx, v.decl.expression, constants));
        const fixes = [];
        const lines = contiguous && simpleInits ? ownLines(ctx, statements, false) : undefined;
        if (lines) {
          fixes.push({ title: `Reorder the state variables to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, edits: [ctx.edit.replaceOffsets(lines.start, lines.end, order.map((i) => lines.lines[i]).join('\n'))] });
        } else if (contiguous && simpleInits && !hasCommentIn(ctx, start, end)) {
          const indent = indentAt(ctx.source, start);
          const text = order.map((i) => ctx.text(vars[i].statement)).join(`\n${indent}`);
          fixes.push({ title: `Reorder the state variables to use ${best} slots instead of ${now}`, safety: 'unsafe' as const, edits: [ctx.edit.replaceOffsets(start, end, text)] });
        }
        const unknownBase = hasUnknownBase(ctx, contract) || contract.baseContracts.length > 0;
        ctx.report({
          node: vars[0].decl.identifier ?? vars[0].decl,
          message: `The state variables of ${contract.name} take ${now} slots in this order; ordering them by size fits them in ${best}.${looksUpgradeable(ctx, contract) ? ' The contract looks upgradeable: never reorder the storage of a deployed proxy.' : ''}`,
          confidence: unknownBase ? 'low' : 'medium',
          fixes,
        });
      },
    };
  },
});
