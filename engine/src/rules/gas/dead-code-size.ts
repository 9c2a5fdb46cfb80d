import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { hasOpaqueCall } from '../../facts/declarations';
import { looksUpgradeable } from '../../facts/layout';

/** Removes a node together with its line when it stands alone on it. */
function removalRange(source: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && (source[s - 1] === ' ' || source[s - 1] === '\t')) s--;
  let e = end;
  while (e < source.length && (source[e] === ' ' || source[e] === '\t')) e++;
  // A comment at the end of the removed declaration's line goes with it.
  // Lines end with \n, \r\n or \r.
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
  if (source.startsWith('//', e)) while (e < source.length && !isBreak(source[e])) e++;
  if ((s === 0 || isBreak(source[s - 1])) && (isBreak(source[e]) || e === source.length)) return [s, Math.min(source.length, e + (source.startsWith('\r\n', e) ? 2 : 1))];
  return [start, end];
}

export default defineRule({
  meta: {
    id: 'dead-code-size',
    title: 'Unused private code',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A private state variable that is never read still costs its initialising SSTORE at deployment and its slot; a private function that is never called is dead weight in the source.',
    messages: {
      'unused-private-function': 'A private function that is never called',
      'unused-private-variable': 'A private state variable that is never used',
    },
    fix: 'unsafe',
    tags: ['unnecessary'],
    aliases: {
      slither: ['unused-state', 'dead-code'],
      aderyn: ['unused-state-variable', 'dead-code'],
      solhint: ['no-unused-vars', 'no-unused-private-funcs'],
      '4naly3er': ['GAS/uselessInternal'],
    },
  },
  create(ctx) {
    return {
      ContractDefinition(contract) {
        // Only private functions and private state variables can be reported: without any, nothing to count.
        const candidate = (contract.subNodes as ASTNode[]).some(
          (sub) => (sub.type === 'FunctionDefinition' && sub.visibility === 'private') || (sub.type === 'StateVariableDeclaration' && sub.variables.some((v) => v.visibility === 'private')),
        );
        if (!candidate) return;
        const names = new Map<string, number>();
        for (const n of ctx.index.descendants(contract)) {
          if (n.type === 'Identifier' && ctx.parent(n)?.type !== 'VariableDeclaration') names.set(n.name, (names.get(n.name) ?? 0) + 1);
          // `this.f` cannot reach a private function, but `C.f` and assembly can name things.
          if (n.type === 'InlineAssemblyStatement') for (const w of ctx.text(n).match(/[A-Za-z_$][\w$]*/g) ?? []) names.set(w, (names.get(w) ?? 0) + 1);
        }
        const upgradeable = looksUpgradeable(ctx, contract);
        for (const sub of contract.subNodes as ASTNode[]) {
          if (sub.type === 'FunctionDefinition' && sub.visibility === 'private' && sub.name && !names.has(sub.name)) {
            const [s, e] = removalRange(ctx.source, ...ctx.offsets(sub));
            ctx.report({
              node: sub,
              range: sub.body ? ctx.edit.replaceOffsets(ctx.offsets(sub)[0], ctx.source.slice(0, ctx.offsets(sub.body)[0]).trimEnd().length, '').range : undefined,
              messageId: 'unused-private-function',
              message: `The private function ${sub.name} is never called. The compiler already leaves it out of the bytecode, so removing it saves no gas, only reading time.`,
              fixes: [{ title: `Remove ${sub.name}`, safety: 'safe', edits: [ctx.edit.replaceOffsets(s, e, '')] }],
            });
          }
          if (sub.type === 'StateVariableDeclaration' && sub.variables.length === 1) {
            const v = sub.variables[0];
            if (v.visibility !== 'private' || !v.name || !v.identifier || names.has(v.name)) continue;
            if (v.isDeclaredConst) continue; // constants take no slot and no code when unused
            // An initialiser with calls would run code at deployment; removing it changes behaviour.
            const sideEffects = !!v.expression && hasOpaqueCall(ctx, v.expression);
            const [s, e] = removalRange(ctx.source, ...ctx.offsets(sub));
            ctx.report({
              node: v.identifier,
              messageId: 'unused-private-variable',
              message: `The private state variable ${v.name} is never used${v.expression && !v.isImmutable ? '; its initial value is still stored at deployment' : ''}. Remove it${upgradeable ? ' (not from a deployed upgradeable contract: later variables would move)' : ''}.`,
              fixes: sideEffects ? [] : [{ title: `Remove ${v.name}`, safety: 'unsafe', edits: [ctx.edit.replaceOffsets(s, e, '')] }],
            });
          }
        }
      },
    };
  },
});
