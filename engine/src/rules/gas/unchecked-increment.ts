import type { ASTNode, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import { allowsBelow } from '../../parse/pragma';
import { defineRule } from '../framework';
import { subtree } from '../../facts/ast-index';
import { intType, writesIn } from '../../facts/ast-util';
import { typeOf } from '../../facts/declarations';
import { indentAt, indentUnit } from '../../facts/text';

/** The counter a for-loop step increments by one (`i++`, `++i`, `i += 1`), if that is all it does. */
function incremented(step: ASTNode | undefined): string | undefined {
  if (!step) return undefined;
  if (step.type === 'UnaryOperation' && step.operator === '++' && step.subExpression.type === 'Identifier') return step.subExpression.name;
  if (step.type === 'BinaryOperation' && step.operator === '+=' && step.left.type === 'Identifier' && step.right.type === 'NumberLiteral' && step.right.number === '1' && !step.right.subdenomination) return step.left.name;
  return undefined;
}

/** True when the body has a `continue` (even in a nested loop, to stay simple and safe). */
function hasContinue(body: ASTNode): boolean {
  return subtree(body).some((n) => n.type === 'ContinueStatement' || (n.type as string) === 'Continue');
}

export default defineRule({
  meta: {
    id: 'unchecked-increment',
    title: 'Loop counter increment could be unchecked',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A for-loop counter bounded by `i < n` cannot overflow, so its checked increment wastes the overflow test on every iteration.',
    messages: { 'checked-loop-increment': 'A loop counter increment, bounded by the loop condition, that could be unchecked' },
    fix: 'safe',
    minSolc: '0.8.0',
    aliases: { '4naly3er': ['GAS/uncheckedIncrements'] },
  },
  create(ctx) {
    // Since 0.8.22 the compiler leaves out the check itself for this loop shape.
    if (!allowsBelow(ctx.solc, '0.8.22')) return {};
    return {
      ForStatement(loop) {
        const step = loop.loopExpression?.expression as ASTNode | undefined;
        const name = incremented(step);
        if (!name || !step) return;
        const cond = loop.conditionExpression;
        const bounded = !!cond && cond.type === 'BinaryOperation' && ((cond.operator === '<' && cond.left.type === 'Identifier' && cond.left.name === name) || (cond.operator === '>' && cond.right.type === 'Identifier' && cond.right.name === name));
        if (!bounded) return;
        if (ctx.index.enclosing(loop, 'UncheckedStatement')) return;
        // The counter must be the loop's own, and only the step may change it.
        const init = loop.initExpression;
        const decl = init && init.type === 'VariableDeclarationStatement' ? (init.variables[0] as VariableDeclaration | null) : undefined;
        if (!decl || decl.name !== name) return;
        if (writesIn(loop.body).some((w) => w.name === name)) return;
        // i < n only bounds i+1 by n's type: a narrow counter compared with a wider bound could still wrap.
        const t = decl.typeName;
        const wide = !!t && t.type === 'ElementaryTypeName' && /^(uint|uint256|int|int256)$/.test(t.name);
        // A narrow counter is bounded only by a bound of its own width or narrower: `uint8 i < data.length`
        // reaches 255 and the checked increment reverts, where an unchecked one would wrap to 0.
        if (!wide) {
          const bound = cond.operator === '<' ? cond.right : cond.left;
          const own = intType(t as never);
          const other = intType(typeOf(ctx, bound));
          if (!own || !other || other.bits > own.bits || other.signed !== own.signed) return;
        }
        // `continue` jumps to the step; moving the step into the body would skip it.
        const movable = wide && !hasContinue(loop.body) && loop.body.type === 'Block';
        const fixes = [];
        if (movable) {
          const bodyEnd = ctx.offsets(loop.body)[1];
          const closing = bodyEnd - 1;
          const loopIndent = indentAt(ctx.source, ctx.offsets(loop)[0]);
          const inner = loopIndent + indentUnit(ctx.source);
          // Remove the step from the header (keeping the `;`) and add it at the end of the body.
          const [stepStart, stepEnd] = ctx.offsets(step);
          let s = stepStart;
          while (s > 0 && /\s/.test(ctx.source[s - 1])) s--;
          let before = closing;
          while (before > 0 && /[ \t]/.test(ctx.source[before - 1])) before--;
          fixes.push({
            title: `Move ++${name} into an unchecked block at the end of the body`,
            safety: 'safe' as const,
            edits: [ctx.edit.replaceOffsets(s, stepEnd, ''), ctx.edit.replaceOffsets(before, closing, `${ctx.source.slice(before, closing).trim() === '' && ctx.source[before - 1] === '\n' ? '' : '\n'}${inner}unchecked {\n${inner}${indentUnit(ctx.source)}++${name};\n${inner}}\n${loopIndent}`)],
          });
        }
        ctx.report({
          node: step,
          message: `${name} is bounded by the loop condition and cannot overflow; increment it in an unchecked block to skip the overflow check.`,
          fixes,
        });
      },
    };
  },
});
