/**
 * Calls through a member name (`token.decimals()`, `IPool(p).fee()`) across
 * the code that can see a file: its import closure (with the files deriving
 * from it) and, through the project, every file that imports it. Used where a
 * rewrite would take away an external function or getter that such code calls.
 */
import { defineFact, type FactContext } from '../rules/framework';
import type { SourceFile } from '../project';

/** The files whose code can see this file's: this file, its import closure (with the files deriving from it) and the project's files that import it. */
export function filesSeeing(ctx: FactContext): SourceFile[] {
  return ctx.fact(filesSeeingFact);
}

const filesSeeingFact = defineFact('files-seeing', (ctx: FactContext): SourceFile[] => {
  const files = new Map<string, SourceFile>();
  for (const f of ctx.closure) files.set(f.path, f);
  if (ctx.project) {
    for (const d of ctx.project.dependants(ctx.closure[0].path)) {
      if (files.has(d)) continue;
      const f = ctx.project.file(d);
      if (f) files.set(f.path, f);
    }
  }
  return [...files.values()];
});

/** Every `x.<name>(…)` call of the code that can see this file, by `<name>/<arguments>`, with the first file that makes it. */
const memberCallsFact = defineFact('member-calls', (ctx: FactContext): Map<string, SourceFile> => {
  const out = new Map<string, SourceFile>();
  for (const f of filesSeeing(ctx)) {
    for (const call of f.index.ofType('FunctionCall')) {
      const e = call.expression;
      if (e.type !== 'MemberAccess') continue;
      const key = `${e.memberName}/${call.arguments.length}`;
      if (!out.has(key)) out.set(key, f);
    }
  }
  return out;
});

/** The file of a call `x.<name>(…)` with `args` arguments in the code that can see this file, if there is one. */
export function memberCallSite(ctx: FactContext, name: string, args: number): SourceFile | undefined {
  return ctx.fact(memberCallsFact).get(`${name}/${args}`);
}
