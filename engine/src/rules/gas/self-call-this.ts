import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { contractInfo } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'self-call-this',
    title: 'External call to this contract',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: '`this.x()` makes an external call (CALL, ABI encoding, 100+ gas) to read what an internal access reads directly.',
    messages: {
      'external-getter-call': "A this.x() call that reads this contract's own public state through an external call",
      'external-self-call': 'A this.f() call to a function of this contract through an external call',
    },
    fix: 'unsafe',
    aliases: { slither: ['var-read-using-this'], aderyn: ['state-variable-read-external'], '4naly3er': ['GAS/thisExternal'] },
  },
  create(ctx) {
    return {
      FunctionCall(node) {
        const callee = node.expression;
        if (callee.type !== 'MemberAccess' || callee.expression.type !== 'Identifier' || callee.expression.name !== 'this') return;
        // `this.f{value: 1}()` and similar are deliberate external calls.
        if ((node as { names?: string[] }).names?.length) return;
        const contract = ctx.index.enclosing(node, 'ContractDefinition');
        if (!contract) return;
        const name = callee.memberName;
        // The contract and its C3 bases, in whichever file they are declared.
        const chain = contractInfo(ctx, contract)?.lineage ?? [];
        const sv = chain.flatMap((c) => [...c.stateVars.values()].filter((v) => v.contract === c)).find((v) => v.name === name && v.visibility === 'public');
        if (sv) {
          // Getter of a plain value or a mapping/array of plain values: the internal read returns the same value.
          let t = sv.typeName;
          const keys: string[] = node.arguments.map((a) => ctx.text(a as ASTNode));
          let depth = 0;
          while (t && (t.type === 'Mapping' || t.type === 'ArrayTypeName')) {
            t = t.type === 'Mapping' ? t.valueType : t.baseTypeName;
            depth++;
          }
          if (!t || t.type !== 'ElementaryTypeName' || depth !== keys.length || t.name === 'string' || t.name === 'bytes') {
            ctx.report({ node, messageId: 'external-getter-call', message: `this.${name}() reads this contract's own state through an external call; read ${name} directly.` });
            return;
          }
          const replacement = `${name}${keys.map((k) => `[${k}]`).join('')}`;
          ctx.report({
            node,
            messageId: 'external-getter-call',
            message: `this.${name}(${keys.join(', ')}) reads this contract's own state through an external call; read ${replacement} directly.`,
            fixes: [{ title: `Read ${replacement} directly`, safety: 'safe', edits: [ctx.edit.replace(node, replacement)] }],
          });
          return;
        }
        const fn = chain.flatMap((c) => c.node.subNodes as ASTNode[]).find((s): s is Extract<ASTNode, { type: 'FunctionDefinition' }> => s.type === 'FunctionDefinition' && s.name === name);
        if (!fn) return;
        // A public view/pure function can be called internally; msg.sender and msg.value then stay the caller's.
        const internalOk = fn.visibility === 'public' && (fn.stateMutability === 'view' || fn.stateMutability === 'pure');
        ctx.report({
          node,
          messageId: 'external-self-call',
          message: `this.${name}(…) calls this contract through an external call; ${internalOk ? `call ${name}(…) internally instead` : 'make the function public and call it internally'}.`,
          fixes: internalOk ? [{ title: `Call ${name} internally`, safety: 'unsafe', edits: [ctx.edit.replace(callee, name)] }] : [],
        });
      },
    };
  },
});
