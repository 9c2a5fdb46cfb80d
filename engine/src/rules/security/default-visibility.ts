import { defineRule, type NodeOf } from '../framework';

export default defineRule({
  meta: {
    id: 'default-visibility',
    title: 'Visibility left to the default',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    swc: 'SWC-100',
    description: 'Before 0.5.0 a function without a visibility is public, so a helper meant to be internal can be called by anyone (SWC-100); state variables default to internal (SWC-108).',
    messages: {
      'function-default-public': 'A function without a visibility, so public',
      'state-default-internal': 'A state variable without a visibility, so internal',
    },
    fix: 'safe',
    scope: 'member',
    maxSolc: '0.5.0',
    aliases: { solhint: ['func-visibility', 'state-visibility'] },
  },
  create(ctx) {
    /** The offset just after the closing parenthesis of a function's parameter list. */
    const afterParams = (fn: NodeOf<'FunctionDefinition'>): number | undefined => {
      const [start, end] = ctx.offsets(fn);
      const open = ctx.source.indexOf('(', start);
      if (open < 0 || open >= end) return undefined;
      let depth = 0;
      for (let i = open; i < end; i++) {
        const ch = ctx.source[i];
        if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) return i + 1;
      }
      return undefined;
    };
    return {
      FunctionDefinition(fn: NodeOf<'FunctionDefinition'>) {
        if (fn.visibility !== 'default' || fn.isConstructor || fn.isFallback || fn.isReceiveEther || !fn.name) return;
        const contract = ctx.index.enclosing(fn, 'ContractDefinition');
        // Interface functions are external by nature.
        if (!contract || contract.kind === 'interface') return;
        const at = afterParams(fn);
        ctx.report({
          node: fn,
          messageId: 'function-default-public',
          message: `${fn.name} has no visibility, so it is public: anyone can call it. Declare it internal or private if it is a helper, or public explicitly (SWC-100).`,
          // Neither is applied by itself: writing `public` out keeps the behaviour but also silences
          // the warning that anyone can call the function, and `internal` changes who can call it.
          // Which one is right is a design decision.
          fixes:
            at === undefined
              ? []
              : [
                  { title: 'Declare it public explicitly', safety: 'unsafe', reason: 'it keeps the function open to anyone: decide first whether it should be', edits: [ctx.edit.insertAt(at, ' public')] },
                  { title: 'Declare it internal', safety: 'unsafe', reason: 'callers outside the contract can no longer call it', edits: [ctx.edit.insertAt(at, ' internal')] },
                ],
        });
      },
      StateVariableDeclaration(decl: NodeOf<'StateVariableDeclaration'>) {
        for (const v of decl.variables) {
          if (v.visibility !== 'default' || !v.typeName || v.isDeclaredConst) continue;
          const [, typeEnd] = ctx.offsets(v.typeName);
          ctx.report({
            node: v,
            severity: 'low',
            messageId: 'state-default-internal',
            message: `${v.name} has no visibility, so it is internal. State it explicitly so readers do not assume otherwise (SWC-108).`,
            fixes: [{ title: 'Declare it internal explicitly', safety: 'safe', edits: [ctx.edit.insertAt(typeEnd, ' internal')] }],
          });
        }
      },
    };
  },
});
