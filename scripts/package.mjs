// `npm run package`: builds the bundles and packs the extension into a .vsix with @vscode/vsce,
// offline. Prints the .vsix size.
//   --out <file>          where to write it (default: synor-<version>.vsix in the repository)
//   --no-old-compilers    leave out solc 0.4–0.7 (only the newest bundled solc ships)
//   --skip-build          use the bundles as they are
// .vscodeignore is an allowlist: the bundles, the grammar, the rule pages, the icon, README and
// LICENSE, and the bundled compilers with the modules they load at run time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(option('--out') ?? path.join(root, `${pkg.name}-${pkg.version}.vsix`));
const OLD_COMPILERS = ['solc-0.7.6', 'solc-0.6.12', 'solc-0.5.17', 'solc-0.4.26'];

function run(command, commandArgs, env = {}) {
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`package: ${path.basename(commandArgs[0] ?? command)} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!flag('--skip-build')) run(process.execPath, [path.join(root, 'scripts/build.mjs')]);

for (const required of ['client/out/extension.js', 'server/out/server.js']) {
  if (!fs.existsSync(path.join(root, required))) {
    console.error(`package: ${required} is missing; the build did not produce it`);
    process.exit(1);
  }
}

// Without the old compilers: the same allowlist minus their lines, in a temporary ignore file.
let ignoreFile = path.join(root, '.vscodeignore');
let tmpDir;
if (flag('--no-old-compilers')) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-package-'));
  const lines = fs.readFileSync(ignoreFile, 'utf8').split('\n').filter((l) => !OLD_COMPILERS.some((c) => l.trim() === `!node_modules/${c}/**`));
  ignoreFile = path.join(tmpDir, '.vscodeignore');
  fs.writeFileSync(ignoreFile, lines.join('\n'));
}

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const vsceArgs = [vsce, 'package', '--out', out, '--ignoreFile', ignoreFile];
// vsce asks on the terminal when these are missing; answer here instead, so CI never hangs.
if (!pkg.repository) vsceArgs.push('--allow-missing-repository');
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(root, f)))) vsceArgs.push('--skip-license');
fs.mkdirSync(path.dirname(out), { recursive: true });
const t0 = Date.now();
// vsce lists production dependencies with `npm list`, which reads node_modules only; offline
// keeps any npm call from reaching the network.
run(process.execPath, vsceArgs, { npm_config_offline: 'true', npm_config_update_notifier: 'false' });
if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });

const size = fs.statSync(out).size;
console.log(`package: ${path.relative(process.cwd(), out) || out}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)${flag('--no-old-compilers') ? ', without solc 0.4–0.7' : ''}, packed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
