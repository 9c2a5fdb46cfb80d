// Builds every bundle with esbuild. Run by `npm ci` (prepare) and `npm run build`.
// Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

/**
 * The service's dependencies (synor serve) load from node_modules at run time: PGlite
 * reads its WebAssembly and data files beside its module, the docs UI its static assets.
 */
const SERVICE_EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger', '@fastify/swagger-ui', 'fastify', 'pg', 'pg-boss', 'pino', 'prom-client', 'yauzl'];

/** Entry points: [source, output, extra options]. Missing sources are skipped, so parts can land one by one. */
const entries = [
  ['cli/src/main.ts', 'cli/out/synor.js', { banner: { js: '#!/usr/bin/env node' }, external: SERVICE_EXTERNAL }],
  // The service's analysis thread (service/src/threads.ts loads it from beside cli/out/synor.js).
  ['service/src/analysis-thread.ts', 'cli/out/synor-analysis.js', {}],
  ['server/src/server.ts', 'server/out/server.js', {}],
  ['engine/src/worker/worker.ts', 'engine/out/worker.js', {}],
  ['client/src/extension.ts', 'client/out/extension.js', { external: ['vscode'] }],
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Compilers are loaded at run time from node_modules; they are far too big to bundle.
  external: ['solc', 'solc-*'],
  mainFields: ['module', 'main'],
  plugins: [
    {
      // antlr4's ES module build calls createRequire(import.meta.url), which a
      // CommonJS bundle cannot provide; its CommonJS build is the same code.
      name: 'antlr4-cjs',
      setup(build) {
        build.onResolve({ filter: /^antlr4$/ }, () => ({ path: path.join(root, 'node_modules/antlr4/dist/antlr4.node.cjs') }));
      },
    },
  ],
};

const builds = [];
for (const [src, out, extra] of entries) {
  if (!fs.existsSync(path.join(root, src))) continue;
  const options = { ...common, ...extra, external: [...common.external, ...(extra.external ?? [])], entryPoints: [path.join(root, src)], outfile: path.join(root, out) };
  if (watch) builds.push(esbuild.context(options).then((c) => c.watch()));
  else builds.push(esbuild.build(options));
}
await Promise.all(builds);
// The service's web dashboard is hand-written static files, served from beside the bundle.
const dashboard = path.join(root, 'service/src/dashboard/assets');
if (fs.existsSync(dashboard)) fs.cpSync(dashboard, path.join(root, 'cli/out/dashboard'), { recursive: true });
const cli = path.join(root, 'cli/out/synor.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
if (!watch) console.log(`synor: built ${builds.length} bundles`);
