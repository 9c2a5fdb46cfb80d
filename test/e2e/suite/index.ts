/**
 * The extension-host suite's entry point, loaded by VS Code through `extensionTestsPath`.
 * It runs extension.suite.js with mocha and writes the outcome to results.json beside itself,
 * which the e2e test polls (the browser cannot see the extension host's console).
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  ms?: number;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.suite.js'));
  const tests: TestResult[] = [];
  const out = path.join(__dirname, 'results.json');
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passes = tests.filter((t) => t.state === 'passed').length;
        const pending = tests.filter((t) => t.state === 'pending').length;
        fs.writeFileSync(out, JSON.stringify({ passes, failures, pending, tests }, null, 2));
        if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }));
      runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (err) {
      fs.writeFileSync(out, JSON.stringify({ passes: 0, failures: 1, pending: 0, tests: [{ title: 'loading the suite', state: 'failed', error: String((err as Error)?.stack ?? err) }] }));
      reject(err);
    }
  });
}
