/**
 * The same extension-host suite (test/e2e/suite) in desktop VS Code, through @vscode/test-electron,
 * for people who have VS Code installed. Usage:
 *
 *   npx tsx test/e2e/electron-runner.ts
 *
 * It uses the VS Code named by VSCODE_EXECUTABLE, else `code` on the PATH. @vscode/test-electron
 * would otherwise download a build; that happens only with SYNOR_E2E_DOWNLOAD=1, since these
 * machines reach no download server. With no VS Code to be had it says so and exits 0.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, ROOT, WORKSPACE_TEMPLATE } from './harness';

/** The desktop VS Code to use, or why there is none. */
export function findVsCode(): { executable?: string; download: boolean; reason?: string } {
  const fromEnv = process.env.VSCODE_EXECUTABLE;
  if (fromEnv) return fs.existsSync(fromEnv) ? { executable: fromEnv, download: false } : { download: false, reason: `VSCODE_EXECUTABLE=${fromEnv} does not exist` };
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const onPath = which.status === 0 ? which.stdout.trim() : '';
  // code-server's `code` helper inside a VS Code terminal is not a desktop VS Code.
  if (onPath && !onPath.includes('code-server') && !onPath.includes('remote-cli')) return { executable: onPath, download: false };
  if (process.env.SYNOR_E2E_DOWNLOAD === '1') return { download: true };
  return { download: false, reason: 'no desktop VS Code: set VSCODE_EXECUTABLE, put `code` on the PATH, or set SYNOR_E2E_DOWNLOAD=1 to let @vscode/test-electron download one' };
}

export interface ElectronResult {
  skipped?: string;
  passes: number;
  failures: number;
  tests: Array<{ title: string; state: string; error?: string }>;
}

/** Builds the bundles and the suite, then runs the suite in desktop VS Code. */
export async function runInElectron(): Promise<ElectronResult> {
  const vscode = findVsCode();
  if (!vscode.executable && !vscode.download) return { skipped: vscode.reason, passes: 0, failures: 0, tests: [] };
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const runDir = fs.mkdtempSync(path.join(E2E_DIR, 'electron-'));
  const suiteDir = path.join(runDir, 'suite');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite/index.ts'), path.join(__dirname, 'suite/extension.suite.ts')],
    outdir: suiteDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(WORKSPACE_TEMPLATE, workspace, { recursive: true });
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      ...(vscode.executable ? { vscodeExecutablePath: vscode.executable } : {}),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(suiteDir, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust', '--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions')],
    });
  } catch (err) {
    // The results file says which tests failed; a run that never wrote one failed to start.
    if (!fs.existsSync(path.join(suiteDir, 'results.json'))) throw err;
  }
  const results = JSON.parse(fs.readFileSync(path.join(suiteDir, 'results.json'), 'utf8')) as ElectronResult;
  fs.rmSync(runDir, { recursive: true, force: true });
  return results;
}

if (require.main === module) {
  runInElectron().then(
    (r) => {
      if (r.skipped) {
        console.log(`electron-runner: skipped: ${r.skipped}`);
        return;
      }
      for (const t of r.tests) console.log(`${t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘'} ${t.title}${t.error ? `\n    ${t.error}` : ''}`);
      console.log(`${r.passes} passed, ${r.failures} failed`);
      process.exitCode = r.failures > 0 ? 1 : 0;
    },
    (err: unknown) => {
      console.error(`electron-runner: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
