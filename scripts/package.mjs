// `npm run package`: builds the bundles and packs the extension into a .vsix with @vscode/vsce,
// offline. Prints the .vsix size.
//   --out <file>          where to write it (default: synor-<version>.vsix in the repository)
//   --no-old-compilers    leave out solc 0.4–0.7 (only the newest bundled solc ships)
//   --skip-build          use the bundles as they are
// .vscodeignore is an allowlist: the bundles, the grammar, the rule pages, the icon, README and
// LICENSE, and the bundled compilers with the modules they load at run time. The README and
// CHANGELOG packed are the user-facing ones in client/, with the images they show.
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

// The extension's page shows a README for users (client/README.md), not this repository's
// developer README, and client/CHANGELOG.md; their images are packed in the .vsix and linked
// relative to the extension's folder, so that the page shows them offline.
const README = 'client/README.md';
const CHANGELOG = 'client/CHANGELOG.md';
const readmeImages = [...fs.readFileSync(path.join(root, README), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((p) => !/^[a-z]+:/i.test(p));
for (const image of readmeImages) {
  if (!fs.existsSync(path.join(root, image))) {
    console.error(`package: ${README} shows ${image}, which does not exist`);
    process.exit(1);
  }
}

// The allowlist, plus the README's images, minus the old compilers when asked, in a temporary ignore file.
let ignoreFile = path.join(root, '.vscodeignore');
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-package-'));
{
  let lines = fs.readFileSync(ignoreFile, 'utf8').split('\n');
  if (flag('--no-old-compilers')) lines = lines.filter((l) => !OLD_COMPILERS.some((c) => l.trim() === `!node_modules/${c}/**`));
  // The root README and CHANGELOG are the developers'; vsce packs the users' as readme.md and changelog.md.
  lines = lines.filter((l) => l.trim() !== '!README.md' && l.trim() !== '!CHANGELOG.md');
  // vsce reads the README and CHANGELOG from the packed files, so they must pass the allowlist.
  lines.push('', '# The user README and CHANGELOG and the README\'s images (scripts/package.mjs).', `!${README}`, `!${CHANGELOG}`, ...readmeImages.map((i) => `!${i}`));
  ignoreFile = path.join(tmpDir, '.vscodeignore');
  fs.writeFileSync(ignoreFile, lines.join('\n'));
}

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const vsceArgs = [vsce, 'package', '--out', out, '--ignoreFile', ignoreFile, '--readme-path', README, '--changelog-path', CHANGELOG, '--no-rewrite-relative-links'];
// vsce asks on the terminal when these are missing; answer here instead, so CI never hangs.
if (!pkg.repository) vsceArgs.push('--allow-missing-repository');
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(root, f)))) vsceArgs.push('--skip-license');
fs.mkdirSync(path.dirname(out), { recursive: true });
const t0 = Date.now();
// vsce lists production dependencies with `npm list`, which reads node_modules only; offline
// keeps any npm call from reaching the network.
run(process.execPath, vsceArgs, { npm_config_offline: 'true', npm_config_update_notifier: 'false' });
fs.rmSync(tmpDir, { recursive: true, force: true });

const size = fs.statSync(out).size;
console.log(`package: ${path.relative(process.cwd(), out) || out}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)${flag('--no-old-compilers') ? ', without solc 0.4–0.7' : ''}, packed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
