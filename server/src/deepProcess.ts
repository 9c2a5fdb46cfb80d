/**
 * The deep tier's worker as a child process of the server rather than a
 * thread in it. A thread that loaded solc-js leaves the server's process
 * larger after it is terminated (measured: RSS 41 MB → 201 MB with the
 * compiler loaded → 105 MB once the thread was gone, and more after each
 * load: 150, 166 MB), because the allocator keeps the freed memory of the
 * thread's arenas; a process that exits gives all of it back. The worker's
 * code is the same (engine/src/worker/worker.ts talks over either channel).
 */
import { fork } from 'node:child_process';
import type { DeepChannel } from '../../engine/src/deep';
import type { FromWorker, ToWorker } from '../../engine/src/deep/protocol';

/** Starts the deep tier's worker as a child process; `onStderr` gets what it writes there (a crash's stack). */
export function forkDeepWorker(workerPath: string, execArgv: string[] | undefined, onStderr: (text: string) => void): DeepChannel {
  const child = fork(workerPath, [], {
    // Not the server's own flags (an inspector port, say); tsx for a TypeScript source.
    execArgv: execArgv ?? [],
    // The same structured clone as a worker thread's messages.
    serialization: 'advanced',
    // Never the server's stdout: that is the editor's LSP stream.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => onStderr(d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failedSend = false;
  const channel: DeepChannel = {
    postMessage(m: ToWorker) {
      if (!child.connected) return;
      child.send(m, (err) => {
        // The process is going (killed, crashed): its exit answers the request; one word in the log is enough.
        if (err && !failedSend) {
          failedSend = true;
          onStderr(`could not send to the deep worker: ${err.message}`);
        }
      });
    },
    on(event: 'message' | 'error' | 'exit', fn: (arg: never) => void) {
      if (event === 'message') child.on('message', (m) => (fn as (m: FromWorker) => void)(m as FromWorker));
      else if (event === 'error') child.on('error', fn as (err: Error) => void);
      else child.on('exit', (code, signal) => (fn as (code: number) => void)(code ?? (signal ? 128 : 1)));
      return channel;
    },
    async terminate() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Held until it has exited, so that whoever awaits this sees it end.
      child.ref();
      child.kill();
      await exited;
    },
    ref() {
      child.ref();
      (child.channel as { ref?: () => void } | undefined)?.ref?.();
    },
    unref() {
      child.unref();
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
    },
  };
  return channel;
}
