import { defineRule } from '../framework';
import { memoryToCalldata, readOnlyMemoryParams } from '../../facts/params';

export default defineRule({
  meta: {
    id: 'calldata-params',
    title: 'Read-only memory parameter of an external function',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'An external function copies a memory parameter out of calldata that it never modifies; declaring it calldata skips the copy.',
    messages: { 'read-only-memory-param': 'A memory parameter of an external function that is only read and could be calldata' },
    fix: 'safe',
    aliases: { solhint: ['gas-calldata-parameters'], '4naly3er': ['GAS/calldataViewFunctions'] },
  },
  create(ctx) {
    return {
      FunctionDefinition(fn) {
        if (fn.visibility !== 'external' || !fn.body) return;
        // An overriding or overridable function must keep the data location its
        // relatives declare on some compiler versions; changing it is for a person to decide.
        const related = fn.isVirtual || fn.override !== null;
        for (const p of readOnlyMemoryParams(ctx, fn)) {
          const edit = memoryToCalldata(ctx, p);
          ctx.report({
            node: p,
            message: `Parameter ${p.name} is only read; declare it calldata instead of memory to avoid copying it into memory.`,
            fixes: edit ? [{ title: `Declare ${p.name} as calldata`, safety: related ? 'unsafe' : 'safe', edits: [edit] }] : [],
          });
        }
      },
    };
  },
});
