'use strict';
/**
 * A preload (`NODE_OPTIONS=--require <this file>`) that makes every attempt to use the
 * network fail loudly and records it: outgoing TCP, TLS and IPC-socket connections, HTTP(S)
 * and HTTP/2 requests, fetch, DNS lookups, UDP sockets, and listening on a port. Node loads
 * a preload named in NODE_OPTIONS in every thread (worker threads included) and in child
 * processes, so the language server's workers and the CLI's are covered too.
 *
 * Each attempt appends a JSON line `{ kind: 'attempt', what, detail, pid, thread, stack }`
 * to the file named by SYNOR_NETWORK_LOG, then throws. Each thread that loads the guard
 * appends `{ kind: 'loaded', pid, thread, main }`, so a test can check that it was in force.
 */
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

const LOG = process.env.SYNOR_NETWORK_LOG;

function write(entry) {
  if (!LOG) return;
  try {
    fs.appendFileSync(LOG, JSON.stringify({ ...entry, pid: process.pid, thread: threadId }) + '\n');
  } catch {
    // The log is the test's; a failure to write it shows up as a missing 'loaded' line.
  }
}

function describe(args) {
  try {
    return args
      .map((a) => (typeof a === 'function' ? '<callback>' : typeof a === 'object' && a !== null ? JSON.stringify(a, (k, v) => (k === 'agent' || k === 'socket' ? undefined : v)) : String(a)))
      .join(' ')
      .slice(0, 300);
  } catch {
    return '<unprintable>';
  }
}

function blocked(what, args) {
  const stack = (new Error().stack || '').split('\n').slice(3, 12).map((l) => l.trim()).join(' | ');
  write({ kind: 'attempt', what, detail: describe(args), stack });
  const err = new Error(`network access blocked by the test guard: ${what} ${describe(args)}`);
  err.code = 'ESYNORNETWORK';
  return err;
}

function guard(obj, name, what) {
  if (!obj || typeof obj[name] !== 'function') return;
  const original = obj[name];
  const replacement = function (...args) {
    throw blocked(what, args);
  };
  Object.defineProperty(replacement, 'name', { value: original.name });
  obj[name] = replacement;
}

function guardAsync(obj, name, what) {
  if (!obj || typeof obj[name] !== 'function') return;
  obj[name] = function (...args) {
    return Promise.reject(blocked(what, args));
  };
}

const net = require('node:net');
guard(net.Socket.prototype, 'connect', 'net.Socket.connect');
guard(net, 'connect', 'net.connect');
guard(net, 'createConnection', 'net.createConnection');
guard(net.Server.prototype, 'listen', 'net.Server.listen');

const tls = require('node:tls');
guard(tls, 'connect', 'tls.connect');

for (const [mod, name] of [
  [require('node:http'), 'http'],
  [require('node:https'), 'https'],
]) {
  guard(mod, 'request', `${name}.request`);
  guard(mod, 'get', `${name}.get`);
}
guard(require('node:http2'), 'connect', 'http2.connect');

const dns = require('node:dns');
const DNS_METHODS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];
for (const m of DNS_METHODS) {
  guard(dns, m, `dns.${m}`);
  guard(dns.Resolver && dns.Resolver.prototype, m, `dns.Resolver.${m}`);
  guardAsync(dns.promises, m, `dns.promises.${m}`);
  guardAsync(dns.promises.Resolver && dns.promises.Resolver.prototype, m, `dns.promises.Resolver.${m}`);
}

guard(require('node:dgram'), 'createSocket', 'dgram.createSocket');

if (typeof globalThis.fetch === 'function') guardAsync(globalThis, 'fetch', 'fetch');
for (const ctor of ['WebSocket', 'EventSource']) {
  if (typeof globalThis[ctor] === 'function') {
    globalThis[ctor] = function () {
      throw blocked(ctor, [...arguments]);
    };
  }
}

write({ kind: 'loaded', main: isMainThread, argv1: process.argv[1] || '' });
