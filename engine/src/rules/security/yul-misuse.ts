import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';

const SHIFTS = new Set(['shl', 'shr', 'sar']);

function isLiteral(n: ASTNode | undefined): boolean {
  return !!n && (n.type === 'DecimalNumber' || n.type === 'HexNumber' || n.type === 'NumberLiteral' || n.type === 'StringLiteral' || n.type === 'HexLiteral');
}

export default defineRule({
  meta: {
    id: 'yul-misuse',
    title: 'Misused Yul instruction',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'A Yul shift with its operands swapped, or `return` in Yul where ending only the function was meant.',
    messages: {
      'swapped-shift': 'A Yul shift with a constant as the shift amount and the operands likely swapped',
      'return-in-yul-function': 'return(…) inside a Yul function, which ends the whole call',
      'return-in-internal-function': 'return(…) in assembly of an internal function, which ends the whole transaction',
    },
    fix: 'unsafe',
    scope: 'member',
    aliases: { slither: ['incorrect-shift', 'incorrect-return', 'return-leave'], aderyn: ['incorrect-shift-order', 'yul-return'] },
  },
  create(ctx) {
    return {
      AssemblyCall(call: NodeOf<'AssemblyCall'>) {
        // A partial tree may hold a call with a missing argument: there is nothing to judge.
        if (call.arguments.some((x) => !x)) return;
        if (SHIFTS.has(call.functionName) && call.arguments.length === 2) {
          const [amount, value] = call.arguments as ASTNode[];
          // Yul takes the shift amount first. A variable amount with a value that
          // is a whole number of bytes in bits (8…256) reads as the operands
          // swapped: `shr(x, 224)` meant `shr(224, x)`. `shl(i, 1)` or a hex mask
          // as the value is a real shift of a constant and stays quiet.
          // A computed amount (`shl(shr(1, m), 16)`) or a small constant such as
          // 16 is usually a real shift of a constant; a plain variable shifting a
          // word-sized bit count is the swapped form.
          if (value.type === 'DecimalNumber' && !isLiteral(amount) && (amount.type === 'Identifier' || (amount.type === 'AssemblyCall' && amount.arguments.length === 0))) {
            const v = Number(value.value);
            if (v >= 32 && v <= 256 && v % 8 === 0) {
              const a = ctx.text(amount);
              ctx.report({
                node: call,
                messageId: 'swapped-shift',
                message: `${call.functionName}(${a}, ${value.value}) shifts the constant ${value.value} by ${a} bits; Yul takes the shift amount first. Did you mean ${call.functionName}(${value.value}, ${a})?`,
                fixes: [{ title: 'Swap the shift operands', safety: 'unsafe', edits: [ctx.edit.replace(amount, value.value), ctx.edit.replace(value, a)] }],
              });
            }
          }
          return;
        }
        if (call.functionName !== 'return') return;
        const yulFn = ctx.index.enclosing(call, 'AssemblyFunctionDefinition');
        if (yulFn) {
          ctx.report({
            node: call,
            messageId: 'return-in-yul-function',
            message: `return(…) in the Yul function ${yulFn.name} ends the whole call, not the Yul function. Use leave to return from a Yul function.`,
          });
          return;
        }
        const fn = ctx.index.enclosing(call, 'FunctionDefinition');
        // Only internal and private functions return to Solidity code; there,
        // Yul's `return` skips the caller's remaining statements. External
        // entry points use it on purpose to hand back returndata.
        if (fn && (fn.visibility === 'internal' || fn.visibility === 'private') && fn.returnParameters && fn.returnParameters.length > 0) {
          ctx.report({
            node: call,
            messageId: 'return-in-internal-function',
            message: `return(…) in the internal function ${fn.name ?? ''} ends the whole transaction: the calling function never resumes. Assign the return variables instead.`,
          });
        }
      },
    };
  },
});
