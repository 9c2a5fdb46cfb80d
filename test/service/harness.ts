/**
 * Starts the real service (the built `synor` binary, `synor serve`) as a
 * process on a loopback port with its own temporary PGlite folder, or on a
 * PostgreSQL server given by DATABASE_URL, and drives it over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'cli/out/synor.js');

export interface Running {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startService(o: { env?: Record<string, string>; args?: string[]; dataDir?: string } = {}): Promise<Running> {
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'synor-service-test-'));
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir, ...(o.args ?? [])], {
    cwd: dataDir,
    env: { ...process.env, SYNOR_LOG_LEVEL: 'warn', ...o.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (c: string) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 120 s:\n${err}`)), 120_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        proc.stderr!.off('data', check);
        resolve(m[1]);
      }
    };
    proc.stderr!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${err}`));
    });
  }).catch((e) => {
    proc.kill('SIGKILL');
    if (!o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    dataDir,
    proc,
    stderr: () => err,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      if (!o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function client(base: string, key?: string) {
  return async function call<T = any>(method: string, url: string, body?: unknown, o: { raw?: string | Buffer; type?: string; key?: string | null } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    const auth = o.key === null ? undefined : (o.key ?? key);
    if (auth) headers.authorization = `Bearer ${auth}`;
    let payload: string | Buffer | undefined;
    if (o.raw !== undefined) payload = o.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = o.type ?? 'application/json';
    const res = await fetch(base + url, { method, headers, body: payload });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

/** Polls an analysis until it is no longer queued or running. */
export async function waitFor(call: ReturnType<typeof client>, id: string, timeoutMs = 120_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await call('GET', `/api/v1/analyses/${id}`);
    if (r.status !== 200) throw new Error(`GET analysis ${id}: ${r.status} ${r.text}`);
    if (!['queued', 'running'].includes(r.body.status)) return r.body;
    if (Date.now() > end) throw new Error(`analysis ${id} still ${r.body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** A zip archive of these entries (deflated), written by hand so that tests can make hostile ones. */
export function makeZip(entries: Array<{ name: string; data: Buffer | string }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const packed = zlib.deflateRawSync(data);
    const name = Buffer.from(e.name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const BANK = `pragma solidity ^0.8.0;
contract Bank {
  mapping(address => uint256) bal;
  address owner;
  function deposit() external payable { bal[msg.sender] += msg.value; }
  function withdraw() external {
    (bool ok, ) = msg.sender.call{value: bal[msg.sender]}("");
    require(ok);
    bal[msg.sender] = 0;
  }
  function setOwner(address o) external { require(tx.origin == owner); owner = o; }
}
`;

/** The same bank with the reentrancy fixed (state written before the call) and a second tx.origin check. */
export const BANK_V2 = `pragma solidity ^0.8.0;
contract Bank {
  mapping(address => uint256) bal;
  address owner;
  uint256 fee;
  function deposit() external payable { bal[msg.sender] += msg.value; }
  function withdraw() external {
    uint256 amount = bal[msg.sender];
    bal[msg.sender] = 0;
    (bool ok, ) = msg.sender.call{value: amount}("");
    require(ok);
  }
  function setOwner(address o) external { require(tx.origin == owner); owner = o; }
  function setFee(uint256 f) external { require(tx.origin == owner); fee = f; }
}
`;

export interface Postgres {
  url: string;
  /** Stops the server, keeping its data; `start` starts it again on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The bin folder of Debian's PostgreSQL, newest first, or undefined when it is not installed. */
export function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A PostgreSQL server of our own: a fresh cluster in a temporary folder, on a
 * free loopback port, trust authentication. PostgreSQL refuses to run as root,
 * so as root the cluster belongs to the `postgres` account and runs as it.
 */
export async function startPostgres(bin: string): Promise<Postgres> {
  const { spawnSync } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-pg-'));
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const init = spawnSync(...wrap(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'synor', '--no-sync', '-E', 'UTF8']), { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  let proc: ChildProcess;
  const launch = async () => {
    const [cmd, args] = wrap(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']);
    proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const end = Date.now() + 60_000;
    for (;;) {
      const r = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
      if (r.status === 0) break;
      if (proc.exitCode !== null || Date.now() > end) throw new Error(`postgres did not start:\n${log}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  const halt = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    // SIGINT is PostgreSQL's fast shutdown. runuser does not pass signals on, so
    // the server is signalled by the pid it wrote in its data folder.
    const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(Number.isInteger(pid) && pid > 0 ? pid : proc.pid!, 'SIGINT');
    await exited;
  };
  await launch();
  return {
    url: `postgres://synor@127.0.0.1:${port}/postgres`,
    halt,
    start: launch,
    async stop() {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `synor worker` (DATABASE_URL in env) and resolves once it says it runs. */
/**
 * A `synor worker` process. With `watchJobs`, it logs at info level and
 * `running()` tells how many analyses it has started and not finished, from
 * its own log.
 */
export async function startWorkerProcess(env: Record<string, string>, args: string[] = [], watchJobs = false): Promise<{ proc: ChildProcess; stop(): Promise<void>; running(): number }> {
  const proc = spawn(process.execPath, [BIN, 'worker', ...args], { env: { ...process.env, SYNOR_LOG_LEVEL: watchJobs ? 'info' : 'warn', ...env }, stdio: ['ignore', watchJobs ? 'pipe' : 'ignore', 'pipe'] });
  const inFlight = new Set<string>();
  if (watchJobs) {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        let m: { msg?: string; analysisId?: string };
        try {
          m = JSON.parse(line);
        } catch {
          continue;
        }
        if (!m.analysisId) continue;
        if (m.msg === 'analysis started') inFlight.add(m.analysisId);
        else if (/^analysis (succeeded|failed|cancelled)/.test(m.msg ?? '')) inFlight.delete(m.analysisId);
      }
    });
  }
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`worker did not start:\n${err}`)), 60_000);
    proc.stderr!.on('data', () => /worker running/.test(err) && (clearTimeout(t), resolve()));
    proc.on('exit', (code) => (clearTimeout(t), reject(new Error(`worker exited with ${code}:\n${err}`))));
  });
  return {
    proc,
    running: () => inFlight.size,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Debian's nginx, when installed. */
export function nginxBin(): string | undefined {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
}

/** nginx on a free loopback port, balancing over these service URLs, with its own prefix folder. */
export async function startNginx(bin: string, upstreams: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-nginx-'));
  const port = await freePort();
  const servers = upstreams.map((u) => `    server ${new URL(u).host};`).join('\n');
  const conf = `
${process.getuid?.() === 0 ? 'user root root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream synor {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 12m;
    location / {
      proxy_pass http://synor;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const proc = spawn(bin, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) throw new Error(`nginx did not answer:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGQUIT');
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
