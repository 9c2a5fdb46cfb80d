import { forEachChild } from '../../facts/ast-index';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact, type ContractInfo, type FunctionInfo } from '../../facts/program';

export default defineRule({
  meta: {
    id: 'centralization',
    title: 'Privileged owner powers',
    category: 'security',
    // Production advice: test and script code is never deployed to hold value.
    testCode: false,
    severity: 'info',
    confidence: 'medium',
    description: 'Functions only a privileged account may call, and ownership that moves in one step, concentrate trust in one key.',
    messages: {
      'privileged-function': 'A function only a privileged account can call',
      'one-step-transfer': 'A privileged role handed over in one step, without the new account accepting',
    },
    fix: 'none',
    aliases: { aderyn: ['centralization-risk'], '4naly3er': ['M/centralizationRisk', 'L/2stepowner', 'NC/disableRenounceOwnership'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const addressParam = (f: FunctionInfo) => [...f.params.values()].some((p) => /^address/.test((p as { typeName?: { name?: string } }).typeName?.name ?? ''));
        // Moves the very power that guards it, to an account passed in, in one call:
        // a mistyped address loses the contract (a two-step handover writes a pending account instead).
        const oneStep = (f: FunctionInfo): string | undefined => {
          if (!f.isEntry || !program.isProtected(f) || !addressParam(f)) return undefined;
          // Read for its value (a guard, an old value): the target of a plain store does not count,
          // so writing a pending account that only its holder's own call reads is not a handover.
          const reads = new Set<string>();
          for (const g of program.reachable(f)) for (const name of valueReads(g)) reads.add(name);
          for (const w of program.writesOf(f)) if (program.authority.has(w) && reads.has(w)) return w;
          return undefined;
        };
        const valueReadCache = new Map<FunctionInfo, Set<string>>();
        /** State names `g` reads for their value: every mention except as the target of a plain `=`. */
        const valueReads = (g: FunctionInfo): Set<string> => {
          let out = valueReadCache.get(g);
          if (out) return out;
          out = new Set();
          valueReadCache.set(g, out);
          const body = g.node.body;
          if (!body) return out;
          const stored = new Set<ASTNode>();
          const visit = (n: ASTNode) => {
            if (n.type === 'BinaryOperation' && n.operator === '=' && n.left.type === 'Identifier') stored.add(n.left);
            if (n.type === 'Identifier' && !stored.has(n) && g.reads.has(n.name) && program.resolve(g, n.name)?.kind === 'state') out!.add(n.name);
            forEachChild(n, visit);
          };
          visit(body);
          return out;
        };
        for (const c of program.contracts) {
          if (c.kind !== 'contract' && c.kind !== 'abstract') continue;
          reportOneStep(c);
          for (const fn of c.functions) {
            // A view or pure function changes nothing: answering only some callers is no power over users.
            if (!fn.isEntry || !fn.node.body || fn.readonly || !program.isProtected(fn)) continue;
            ctx.report({
              node: fn.node,
              messageId: 'privileged-function',
              message: `${fn.name || fn.kind}() can only be called by a privileged account: users must trust that key. Document the power, and consider a timelock or multisig.`,
            });
          }
        }
        function reportOneStep(c: ContractInfo) {
          for (const f of program.entriesOf(c)) {
            const v = oneStep(f);
            if (!v) continue;
            const where: ASTNode | undefined = f.contract === c ? f.node : c.node.baseContracts.find((b) => {
              const base = program.byName.get(b.baseName.namePath.split('.').pop()!);
              return !!base && base.lineage.includes(f.contract);
            });
            if (!where) continue;
            ctx.report({
              node: where,
              messageId: 'one-step-transfer',
              message: `${c.name} hands over \`${v}\` in one step through ${f.name}(): transferring it to a mistyped address loses it for good. Have the new account accept (a two-step transfer).`,
            });
            return;
          }
        }
      },
    };
  },
});
