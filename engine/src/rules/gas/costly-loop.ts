import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { writesIn } from '../../facts/ast-util';
import { stateVariableAt } from '../../facts/declarations';

type Loop = Extract<ASTNode, { type: 'ForStatement' | 'WhileStatement' | 'DoWhileStatement' }>;

export default defineRule({
  meta: {
    id: 'costly-loop',
    title: 'State variable written inside a loop',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A loop writes the same state variable on every iteration; accumulating in a local and writing once after the loop saves an SSTORE (and SLOAD) per iteration.',
    messages: { 'write-in-loop': 'A state variable written to storage on every iteration of a loop' },
    fix: 'none',
    aliases: { slither: ['costly-loop'], aderyn: ['costly-loop'] },
  },
  create(ctx) {
    const check = (loop: Loop) => {
      // Nested loops are reported by the outermost one only.
      if (ctx.index.enclosing(loop, 'ForStatement', 'WhileStatement', 'DoWhileStatement')) return;
      const reported = new Set<string>();
      const parts = [loop.body, loop.type === 'ForStatement' ? loop.loopExpression?.expression : undefined];
      for (const part of parts) {
        for (const w of writesIn(part as ASTNode)) {
          // Only a whole value-type variable: `balances[user] = …` writes a different slot each time.
          if (w.target.type !== 'Identifier' || !w.name || reported.has(w.name)) continue;
          const sv = stateVariableAt(ctx, w.target);
          if (!sv || sv.typeName?.type !== 'ElementaryTypeName') continue;
          reported.add(w.name);
          ctx.report({
            node: w.node,
            message: `${w.name} is written to storage on every iteration; accumulate in a local variable and write it once after the loop.`,
          });
        }
      }
    };
    return { ForStatement: check, WhileStatement: check, DoWhileStatement: check };
  },
});
