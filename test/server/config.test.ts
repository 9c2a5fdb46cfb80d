import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, TestClient, waitUntil } from './client';

const WALLET = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'server', 'basic', 'Wallet.sol'), 'utf8');

describe('server: configuration', () => {
  let dir: string;
  let client: TestClient;
  let uri: string;
  let configUri: string;
  const configFile = () => path.join(dir, 'synor.config.json');
  const txOrigin = () => client.latest(uri)?.diagnostics.find((d) => d.code === 'tx-origin-auth');
  const writeConfig = (text: string, type: 1 | 2 | 3) => {
    fs.writeFileSync(configFile(), text);
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type }] });
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-server-config-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, 'src', 'Wallet.sol'), WALLET);
    fs.writeFileSync(path.join(dir, 'vendor', 'Wallet.sol'), WALLET);
    fs.writeFileSync(path.join(dir, 'synor.config.json'), JSON.stringify({ rules: { 'tx-origin-auth': 'off' } }));
    client = await TestClient.start({ root: dir });
    uri = TestClient.uri(path.join(dir, 'src', 'Wallet.sol'));
    configUri = TestClient.uri(configFile());
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the project synor.config.json', async () => {
    client.open(uri, WALLET, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    assert.ok(!diags.some((d) => d.code === 'tx-origin-auth'), 'turned off by the project config');
  });

  it('re-reads the config file when it changes and re-diagnoses', async () => {
    const before = client.published(uri).length;
    writeConfig(JSON.stringify({ rules: { 'tx-origin-auth': 'high' } }), 2);
    await waitUntil(() => (client.published(uri).length > before && txOrigin()) || undefined, 'tx-origin-auth after the config change');
    assert.equal(txOrigin()!.severity, 1, 'severity high from the config maps to Error');
  });

  it('shows a broken config as diagnostics on the config file and keeps the previous good one', async () => {
    const before = client.published(uri).length;
    writeConfig('{ "rules": { "tx-origin-auth": "loud", "no-such-rule": "off" }, }', 2);
    const problems = await waitUntil(() => {
      const p = client.latest(configUri);
      return p && p.diagnostics.length > 0 ? p.diagnostics : undefined;
    }, 'config diagnostics');
    assert.ok(problems.some((d) => /no-such-rule/.test(d.message)));
    assert.ok(problems.every((d) => d.source === 'synor' && d.severity === 1));
    assert.ok(client.logs.some((l) => l.includes('invalid project configuration')), 'logged');
    await waitUntil(() => client.published(uri).length > before || undefined, 're-diagnosis after the change');
    assert.equal(txOrigin()?.severity, 1, 'the previous good config (tx-origin-auth: high) still applies');
    writeConfig(JSON.stringify({ rules: {}, exclude: ['vendor/**'] }), 2);
    await waitUntil(() => client.latest(configUri)?.diagnostics.length === 0 || undefined, 'config diagnostics cleared');
    await waitUntil(() => txOrigin()?.severity === 2 || undefined, 'default severity back');
  });

  it('honours synor.* settings: rule overrides, enable and exclude', async () => {
    client.changeSettings({ rules: { 'tx-origin-auth': 'low' } });
    await waitUntil(() => txOrigin()?.severity === 3 || undefined, 'severity low → Information from settings');
    client.changeSettings({ rules: { 'tx-origin-auth': 'off' } });
    await waitUntil(() => (client.latest(uri) && !txOrigin()) || undefined, 'rule turned off in settings');
    client.changeSettings({ enable: false });
    await waitUntil(() => client.latest(uri)?.diagnostics.length === 0 || undefined, 'no diagnostics while disabled');
    client.changeSettings({ exclude: ['src/**'] });
    await waitUntil(() => client.latest(uri)?.diagnostics.length === 0 || undefined, 'excluded by settings');
    client.changeSettings({});
    await waitUntil(() => txOrigin() || undefined, 'back to normal');
  });

  it('skips files excluded by the project config', async () => {
    const vendor = TestClient.uri(path.join(dir, 'vendor', 'Wallet.sol'));
    client.open(vendor, WALLET, 1);
    const diags = await client.diagnosticsFor(vendor, 1);
    assert.deepEqual(diags, []);
    client.close(vendor);
  });

  it('picks up a debounce setting', async () => {
    client.changeSettings({ debounceMs: 0 });
    // The settings cache is per resource; a new version must be analysed under the new setting.
    await waitUntil(() => txOrigin() || undefined, 'diagnostics present');
    const t0 = Date.now();
    const v = client.type(uri, 0, 0, ' ');
    await client.diagnosticsFor(uri, v);
    assert.ok(Date.now() - t0 < 5000);
  });
});
