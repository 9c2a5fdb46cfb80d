import { allowsBelow } from '../../parse/pragma';
import { defineRule } from '../framework';
import { memoryToCalldata, readOnlyMemoryParams } from '../../facts/params';
import { filesSeeing } from '../../facts/member-calls';

export default defineRule({
  meta: {
    id: 'external-not-public',
    title: 'Public function never called internally',
    category: 'gas',
    severity: 'info',
    confidence: 'medium',
    description: 'A public function with array, bytes or string parameters that nothing in the file calls internally can be external, so that those parameters are read from calldata instead of copied to memory.',
    messages: { 'could-be-external': 'A public function never called from inside the contract' },
    fix: 'unsafe',
    aliases: { slither: ['external-function'], aderyn: ['unused-public-function'], '4naly3er': ['NC/uselessPublic'] },
  },
  create(ctx) {
    // Names used anywhere other than as `this.f` / `other.f`: internal calls, `super.f`, `Base.f`, function
    // pointers; in this file and in the files that can see it (a derived contract calling `super.f()` no
    // longer compiles once `f` is external).
    // Read only for a function that could be reported (most files have none): every node of those files.
    let usedSet: Set<string> | undefined;
    const usedInternally = (): Set<string> => {
      if (usedSet) return usedSet;
      usedSet = new Set<string>();
      const files = filesSeeing(ctx);
      const contractNames = new Set(files.flatMap((f) => f.index.ofType('ContractDefinition').map((c) => c.name)));
      for (const f of files) {
        for (const n of f.index.nodes) {
          if (n.type === 'Identifier') usedSet.add(n.name);
          else if (n.type === 'MemberAccess' && n.expression.type === 'Identifier' && (n.expression.name === 'super' || contractNames.has(n.expression.name))) usedSet.add(n.memberName);
        }
      }
      return usedSet;
    };
    // Before 0.6.9 external parameters had to be calldata; memory ones would then need converting too.
    const oldCompiler = allowsBelow(ctx.solc, '0.6.9');
    return {
      FunctionDefinition(fn) {
        if (fn.visibility !== 'public' || fn.isConstructor || fn.isReceiveEther || fn.isFallback || !fn.name || !fn.body) return;
        if (fn.override !== null) return;
        const contract = ctx.index.enclosing(fn, 'ContractDefinition');
        if (!contract || contract.kind === 'library' || contract.kind === 'interface') return;
        const memoryParams = fn.parameters.filter((p) => p.storageLocation === 'memory');
        if (memoryParams.length === 0) return;
        const readOnly = readOnlyMemoryParams(ctx, fn);
        if (oldCompiler && memoryParams.length > readOnly.length) return;
        // Since 0.6.9 public and external compile alike; the saving is only in parameters that can become calldata.
        if (readOnly.length === 0 && !oldCompiler) return;
        if (usedInternally().has(fn.name)) return;
        const [start] = ctx.offsets(fn);
        const header = ctx.source.slice(start, ctx.offsets(fn.body)[0]);
        const m = /\bpublic\b/.exec(header);
        if (!m) return;
        const edits = [ctx.edit.replaceOffsets(start + m.index, start + m.index + 6, 'external'), ...readOnly.map((p) => memoryToCalldata(ctx, p)).filter((e): e is NonNullable<typeof e> => !!e)];
        ctx.report({
          node: fn,
          range: ctx.edit.replaceOffsets(start, start + header.trimEnd().length, '').range,
          message: `${fn.name} is public but never called from inside the contract; make it external${readOnly.length ? ` and its read-only parameters (${readOnly.map((p) => p.name).join(', ')}) calldata` : ''}.${fn.isVirtual ? ' It is virtual: contracts in other files may call it internally.' : ''}`,
          confidence: fn.isVirtual ? 'low' : 'medium',
          fixes: [{ title: `Make ${fn.name} external`, safety: 'unsafe', reason: 'code that calls it internally no longer compiles, and calldata parameters change how its body compiles (stack depth)', edits }],
        });
      },
    };
  },
});
