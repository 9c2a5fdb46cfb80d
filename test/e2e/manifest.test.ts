import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The extension's manifest: what VS Code reads before any code of ours runs. */
describe('extension manifest (package.json, written by client/manifest.mjs)', () => {
  it('matches client/manifest.mjs', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'client/manifest.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('installs on the VS Code that the end-to-end tests run (code-server 4.100.3 = VS Code 1.100.3)', () => {
    const m = /^\^?(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines.vscode);
    assert.ok(m, pkg.engines.vscode);
    const [major, minor] = [Number(m[1]), Number(m[2])];
    assert.ok(major === 1 && minor <= 100, `engines.vscode ${pkg.engines.vscode} is above 1.100.3`);
    assert.equal(pkg.main, './client/out/extension.js');
  });

  it('registers every contributed command in the client, in the "Synor" category', () => {
    // The extension's own commands and the findings view's.
    const idsIn = (file: string, name: string) => {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      return new RegExp(`${name} = \\[([^\\]]+)\\]`).exec(source)?.[1].match(/'([^']+)'/g)?.map((s) => s.slice(1, -1)) ?? [];
    };
    const ids = [...idsIn('client/src/commands.ts', 'COMMAND_IDS'), ...idsIn('client/src/findings.ts', 'FINDINGS_COMMAND_IDS'), ...idsIn('client/src/team.ts', 'TEAM_COMMANDS')];
    assert.ok(ids.includes('synor.findings.filterTriaged'), ids.join(', '));
    const contributed = pkg.contributes.commands.map((c: { command: string; category: string }) => {
      assert.equal(c.category, 'Synor');
      return c.command;
    });
    assert.deepEqual([...contributed].sort(), [...ids].sort());
    for (const title of ['Show Contract Report', 'Scan Workspace', 'Fix All in File', 'Measure Gas of This Function', 'Restart Server']) {
      assert.ok(pkg.contributes.commands.some((c: { title: string }) => c.title === title), title);
    }
  });

  it('activates on Solidity files and on folders that contain them', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:solidity', 'workspaceContains:**/*.sol']);
  });

  it('never takes the compiler path from an untrusted workspace', () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual(trust.restrictedConfigurations, ['synor.compilerPath', 'synor.project']);
    assert.equal(pkg.contributes.configuration.properties['synor.compilerPath'].scope, 'machine');
    // Nor the team's service: a workspace cannot have the user's API key sent to a server of its choosing.
    assert.equal(pkg.contributes.configuration.properties['synor.server'].scope, 'machine');
  });

  it('declares the settings the server reads, with its defaults', () => {
    const p = pkg.contributes.configuration.properties;
    assert.equal(p['synor.enable'].default, true);
    assert.equal(p['synor.debounceMs'].default, 150);
    assert.equal(p['synor.deepAnalysis.onSave'].default, true);
    assert.equal(p['synor.deepAnalysis.onIdle'].default, true);
    assert.deepEqual(p['synor.exclude'].default, []);
    assert.deepEqual(p['synor.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.deepEqual(p['synor.logLevel'].enum, ['error', 'warn', 'info', 'debug']);
    assert.equal(p['synor.rules'].type, 'object');
  });

  it('points at files that exist: icon, grammar, language configuration', () => {
    assert.ok(fs.existsSync(path.join(root, pkg.icon)), pkg.icon);
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(root, g.path)), g.path);
    for (const l of pkg.contributes.languages) if (l.configuration) assert.ok(fs.existsSync(path.join(root, l.configuration)), l.configuration);
  });
});
