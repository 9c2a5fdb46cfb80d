import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { contractInfo } from '../../facts/declarations';

const BUILTINS = new Set([
  'now', 'msg', 'block', 'tx', 'abi', 'this', 'super', 'require', 'assert', 'revert', 'keccak256', 'sha256', 'sha3', 'ripemd160',
  'ecrecover', 'addmod', 'mulmod', 'selfdestruct', 'suicide', 'blockhash', 'gasleft', 'type', 'blobhash',
]);

export default defineRule({
  meta: {
    id: 'local-builtin-shadowing',
    title: 'Local or builtin name shadowed',
    category: 'quality',
    severity: 'low',
    confidence: 'high',
    description: 'A local variable, parameter or declaration reuses the name of a state variable, function or builtin, so the code does not use what it seems to.',
    messages: {
      'shadows-builtin': 'A declaration with the name of a builtin symbol',
      'shadows-declaration': 'A local variable or parameter that shadows a declaration of its contract',
    },
    fix: 'none',
    aliases: { slither: ['shadowing-local', 'shadowing-builtin'], aderyn: ['local-variable-shadowing', 'builtin-symbol-shadowing'] },
  },
  create(ctx) {
    const members = new Map<NodeOf<'ContractDefinition'>, Map<string, string>>();
    /** Names declared by a contract and its C3 bases (in whichever file), with what they are; the most derived wins. */
    const declared = (c: NodeOf<'ContractDefinition'>): Map<string, string> => {
      let m = members.get(c);
      if (m) return m;
      m = new Map();
      for (const k of [...(contractInfo(ctx, c)?.lineage ?? [])].reverse()) {
        for (const v of k.stateVars.values()) if (v.contract === k) m.set(v.name, `state variable ${k.name}.${v.name}`);
        for (const s of k.node.subNodes as ASTNode[]) {
          if ((s.type === 'FunctionDefinition' || s.type === 'ModifierDefinition' || s.type === 'EventDefinition') && s.name) {
            m.set(s.name, `${s.type === 'FunctionDefinition' ? 'function' : s.type === 'ModifierDefinition' ? 'modifier' : 'event'} ${k.name}.${s.name}`);
          }
        }
      }
      members.set(c, m);
      return m;
    };
    const builtin = (node: ASTNode, name: string | null | undefined, what: string) => {
      if (name && BUILTINS.has(name)) ctx.report({ node, messageId: 'shadows-builtin', message: `The ${what} ${name} shadows the builtin ${name}: code in its scope can no longer reach the builtin.` });
    };
    return {
      VariableDeclaration(v: NodeOf<'VariableDeclaration'>) {
        if (!v.name) return;
        if (v.isStateVar) return builtin(v, v.name, 'state variable');
        const holder = ctx.index.enclosing(v, 'FunctionDefinition', 'ModifierDefinition', 'EventDefinition', 'CustomErrorDefinition', 'StructDefinition', 'FunctionTypeName');
        // Parameters of declarations without a body, events, errors and struct
        // fields live in their own namespace and hide nothing.
        if (!holder || (holder.type !== 'FunctionDefinition' && holder.type !== 'ModifierDefinition') || !holder.body) return;
        if (BUILTINS.has(v.name)) return builtin(v, v.name, 'variable');
        const contract = ctx.index.enclosing(v, 'ContractDefinition');
        if (!contract) return;
        const shadowed = declared(contract).get(v.name);
        if (!shadowed) return;
        ctx.report({ node: v, messageId: 'shadows-declaration', message: `${v.name} shadows the ${shadowed}: inside ${holder.type === 'FunctionDefinition' ? (holder.name ?? 'this function') : holder.name} the name means the local, not the ${shadowed.split(' ')[0]}.` });
      },
      FunctionDefinition(fn: NodeOf<'FunctionDefinition'>) {
        builtin(fn, fn.name, 'function');
      },
      ModifierDefinition(m: NodeOf<'ModifierDefinition'>) {
        builtin(m, m.name, 'modifier');
      },
      EventDefinition(e: NodeOf<'EventDefinition'>) {
        builtin(e, e.name, 'event');
      },
    };
  },
});
