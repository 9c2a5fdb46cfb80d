/**
 * The end-to-end harness: a real VS Code (code-server's workbench and extension host, installed
 * into .e2e/ by scripts/e2e-setup.sh) in Debian's Chromium driven by playwright-core. Every run
 * gets fresh HOME/XDG/user-data/extensions folders and its own copy of the workspace, since
 * VS Code restores unsaved edits when a folder is reopened and an extension host can outlive
 * the browser. Nothing here reaches the network.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../..');
export const E2E_DIR = path.join(ROOT, '.e2e');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules/code-server/out/node/entry.js');
export const WORKSPACE_TEMPLATE = path.join(__dirname, 'workspace');

/** Where the tools are, or why the suite cannot run. */
export function findTools(): { chromium?: string; codeServer?: string; missing: string[] } {
  const missing: string[] = [];
  const chromium = [process.env.SYNOR_E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && fs.existsSync(p));
  if (!chromium) missing.push('Chromium (/usr/bin/chromium)');
  const codeServer = fs.existsSync(CODE_SERVER_ENTRY) ? CODE_SERVER_ENTRY : undefined;
  if (!codeServer) missing.push(`code-server (${path.relative(ROOT, CODE_SERVER_ENTRY)})`);
  return { chromium, codeServer, missing };
}

/**
 * Skips the calling suite when a tool is missing, with the reason and the fix. On CI
 * (`CI` set) the setup script has run first, so a missing tool is a failure instead.
 */
export function requireTools(ctx: Mocha.Context): { chromium: string; codeServer: string } {
  const tools = findTools();
  if (tools.missing.length > 0) {
    const why = `missing ${tools.missing.join(' and ')}; run \`bash scripts/e2e-setup.sh\` to install them`;
    if (process.env.CI) throw new Error(`end-to-end tools are required on CI: ${why}`);
    console.log(`      (skipped: ${why})`);
    ctx.skip();
  }
  return { chromium: tools.chromium!, codeServer: tools.codeServer! };
}

/** A fresh folder for one run under .e2e/runs/; the previous runs' folders are removed first. */
export function freshRunDir(name: string): string {
  const runs = path.join(E2E_DIR, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  for (const old of fs.readdirSync(runs)) if (old.startsWith(`${name}-`)) fs.rmSync(path.join(runs, old), { recursive: true, force: true });
  const dir = path.join(runs, `${name}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

let packaged: { vsix: string; bytes: number; ms: number } | undefined;

/** Packs the extension once per test process (npm run package: build + vsce), into .e2e/. */
export function packageExtension(): { vsix: string; bytes: number; ms: number } {
  if (packaged && fs.existsSync(packaged.vsix)) return packaged;
  const vsix = path.join(E2E_DIR, 'synor-e2e.vsix');
  fs.mkdirSync(E2E_DIR, { recursive: true });
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  packaged = { vsix, bytes: fs.statSync(vsix).size, ms: Date.now() - t0 };
  return packaged;
}

/** Copies the workspace template, so that no test edits the checked-in files. */
export function copyWorkspace(runDir: string): string {
  const ws = path.join(runDir, 'workspace');
  fs.cpSync(WORKSPACE_TEMPLATE, ws, { recursive: true });
  return ws;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Polls `check` until it returns a truthy value; throws with `what` on timeout. */
export async function poll<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** User settings for a quiet, deterministic workbench. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
};

/** With Workspace Trust on: a new folder is untrusted and opens in Restricted Mode without a modal prompt. */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'always',
};

export interface CodeServerOptions {
  runDir: string;
  vsix: string;
  workspace: string;
  /** Extra environment for the server (and so for the extension host). */
  env?: Record<string, string>;
  /**
   * Workspace Trust on: the folder opens untrusted (Restricted Mode), without the start-up
   * prompt, until the test trusts it. Off by default (`--disable-workspace-trust`) for the
   * tests that are not about trust.
   */
  workspaceTrust?: boolean;
}

/** One code-server process with its own folders; `stop()` ends it and everything it started. */
export class CodeServer {
  readonly log: string;
  private constructor(
    readonly port: number,
    readonly workspace: string,
    readonly extensionsDir: string,
    private readonly proc: ChildProcess,
    logFile: string,
  ) {
    this.log = logFile;
  }

  static async start(o: CodeServerOptions): Promise<CodeServer> {
    const dirs = Object.fromEntries(['home', 'config', 'data', 'cache', 'tmp', 'user-data', 'extensions'].map((d) => [d, path.join(o.runDir, d)]));
    for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
    fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
    const settings = o.workspaceTrust ? { ...USER_SETTINGS, ...TRUST_SETTINGS } : USER_SETTINGS;
    fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      XDG_CACHE_HOME: dirs.cache,
      TMPDIR: dirs.tmp,
      ...o.env,
    };
    // Started from a VS Code terminal, code-server's CLI would hand --install-extension to that VS Code.
    delete env.VSCODE_IPC_HOOK_CLI;
    const common = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];
    const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...common, '--install-extension', o.vsix, '--force'], { env, encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`installing the vsix failed:\n${install.stdout}\n${install.stderr}`);
    const port = await freePort();
    const logFile = path.join(o.runDir, 'code-server.log');
    const out = fs.openSync(logFile, 'a');
    const proc = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        ...common,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        o.workspace,
      ],
      { env, detached: true, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    const server = new CodeServer(port, o.workspace, dirs.extensions, proc, logFile);
    try {
      await poll('code-server /healthz', async () => (proc.exitCode === null ? (await get(`http://127.0.0.1:${port}/healthz`)) === 200 : Promise.reject(new Error(`code-server exited: ${fs.readFileSync(logFile, 'utf8')}`))), 60_000, 200);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** The installed extension's folder. */
  extensionDir(): string {
    const dir = fs.readdirSync(this.extensionsDir).find((d) => d.startsWith('synor.synor-'));
    if (!dir) throw new Error(`the extension is not installed in ${this.extensionsDir}`);
    return path.join(this.extensionsDir, dir);
  }

  /** The workbench URL for the workspace, optionally with a payload (extension development and tests). */
  url(payload?: Array<[string, string]>): string {
    let u = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  }

  /** A `vscode-remote://` URI for a path on this server. */
  remote(p: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${p}`;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.pid === undefined) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    try {
      // The whole process group: the extension host and the language server with it.
      process.kill(-this.proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.proc.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Launches Chromium headless with a fresh profile and no background traffic. */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A headless Chromium on the server's workbench, returned once the workbench and the explorer have loaded. */
export async function openWorkbench(server: CodeServer, chromiumPath: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser(chromiumPath);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(server.url());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return { browser, page };
  } catch (err) {
    await browser.close().catch(() => undefined);
    throw err;
  }
}

/** After a test that failed: a screenshot named after it, in the run folder. */
export async function screenshotIfFailed(test: Mocha.Runnable | undefined, page: Page | undefined, runDir: string): Promise<void> {
  if (test?.state === 'failed' && page) await screenshot(page, runDir, `failed-${test.title.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
}

/** Screenshots go to the run folder; with SYNOR_E2E_SCREENSHOTS=docs they also replace docs/images/<name>.png. */
export async function screenshot(page: Page, runDir: string, name: string): Promise<void> {
  const file = path.join(runDir, 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  // Failure screenshots are for debugging and stay in the run folder.
  if (process.env.SYNOR_E2E_SCREENSHOTS === 'docs' && !name.startsWith('fail')) fs.copyFileSync(file, path.join(ROOT, 'docs/images', `${name}.png`));
}

/** Text of an element with Monaco's non-breaking spaces turned back into spaces. */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/**
 * Opens the quick input with a key. A key pressed while a webview (the report) or a hover holds the
 * focus can be lost, so when the box does not show, the focus goes back to the workbench and the key
 * is pressed again (three tries).
 */
async function quickInput(page: Page, key: string): Promise<ReturnType<Page['locator']>> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      return input;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
      // Takes the focus from a webview's frame back to the workbench's window, whose key bindings then see the key.
      await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
    }
  }
}

/**
 * Hovers `target` until `shown` (a hover box) is visible. A workbench hover waits for the pointer to rest,
 * and a list that re-renders under the pointer (a view refreshing after a change) cancels it without
 * showing anything; so the pointer leaves and comes back (three tries of 8 s).
 */
export async function hoverUntil(page: Page, target: Locator, shown: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(5, 5);
    await target.hover();
    try {
      await shown.waitFor({ state: 'visible', timeout: 8_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Clicks `target` until `check` holds (three tries of 8 s): a list row clicked while the view
 * re-renders (a refresh after a change) can take the click without acting on it.
 */
export async function clickUntil(target: Locator, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await target.click();
    try {
      await poll(what, check, 8_000);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** Quick Open (Ctrl+P): opens a file of the workspace by name. */
export async function openFile(page: Page, name: string): Promise<void> {
  const input = await quickInput(page, 'Control+P');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/**
 * Opens a quick pick (`open`) and chooses the item showing `item`. A quick pick can close under
 * the pointer before its rows settle (focus taken by a view refreshing, a notification), leaving
 * its rows in the page but hidden: it is opened again, up to three times.
 */
export async function chooseQuickPick(page: Page, open: () => Promise<void>, item: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await open();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: item }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** The command palette (F1): runs a command by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await quickInput(page, 'F1');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
