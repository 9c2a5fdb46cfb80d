/**
 * What an analysis request carries: a map of relative paths to texts, given
 * directly or as a base64 `.zip`. Every path is checked (no `..`, no absolute
 * or drive paths, no backslashes) and archives are read with limits on entry
 * count, sizes and compression ratio, before anything is stored.
 */
import crypto from 'node:crypto';
import yauzl from 'yauzl';
import { ApiError } from './errors';

export interface SourceLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for an entry bigger than 64 KiB. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: SourceLimits = { maxFiles: 2000, maxFileBytes: 2 * 1024 * 1024, maxTotalBytes: 20 * 1024 * 1024, maxRatio: 100 };

/** Files an analysis reads: Solidity sources and the files that say how imports resolve. */
const KEPT = /(\.sol|(^|\/)remappings\.txt|(^|\/)foundry\.toml)$/;

export type FileMap = Record<string, string>;

/** The path as stored, or an `invalid_path` error saying why it is refused. */
export function checkPath(p: string): string {
  const bad = (why: string) => new ApiError('invalid_path', `refused path ${JSON.stringify(p.slice(0, 200))}: ${why}`, { path: p.slice(0, 200) });
  if (p.length === 0 || p.length > 512) throw bad('empty or longer than 512 characters');
  if (p.includes('\0')) throw bad('contains NUL');
  if (p.includes('\\')) throw bad('contains a backslash');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) throw bad('absolute path');
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) throw bad('leaves the source tree (..)');
  if (segments.some((s) => s === '' || s === '.')) throw bad('empty or "." segment');
  return p;
}

export function checkFileMap(files: FileMap, limits: SourceLimits = DEFAULT_LIMITS): FileMap {
  const names = Object.keys(files);
  if (names.length === 0) throw new ApiError('validation_error', 'no files given');
  if (names.length > limits.maxFiles) throw new ApiError('validation_error', `too many files (${names.length} > ${limits.maxFiles})`);
  let total = 0;
  const out: FileMap = {};
  for (const name of names) {
    checkPath(name);
    const bytes = Buffer.byteLength(files[name], 'utf8');
    if (bytes > limits.maxFileBytes) throw new ApiError('payload_too_large', `${name} is ${bytes} bytes (limit ${limits.maxFileBytes})`);
    total += bytes;
    out[name] = files[name];
  }
  if (total > limits.maxTotalBytes) throw new ApiError('payload_too_large', `sources total ${total} bytes (limit ${limits.maxTotalBytes})`);
  if (!names.some((n) => n.endsWith('.sol'))) throw new ApiError('validation_error', 'no .sol file among the sources');
  return out;
}

/** The sources in a zip archive, within `limits`; other files in it are left out. */
export async function readZip(data: Buffer, limits: SourceLimits = DEFAULT_LIMITS): Promise<FileMap> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (err, z) => (err ? reject(archiveError(err)) : resolve(z!))),
  );
  const files: FileMap = {};
  let total = 0;
  let count = 0;
  return new Promise<FileMap>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(e instanceof ApiError ? e : archiveError(e as Error));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(files));
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        if (++count > limits.maxFiles * 2) throw new ApiError('invalid_archive', `archive has more than ${limits.maxFiles * 2} entries`);
        const name = entry.fileName;
        checkPath(name.endsWith('/') ? name.slice(0, -1) : name);
        if (name.endsWith('/') || !KEPT.test(name)) return zip.readEntry();
        if (entry.uncompressedSize > limits.maxFileBytes) throw new ApiError('invalid_archive', `${name} unpacks to ${entry.uncompressedSize} bytes (limit ${limits.maxFileBytes})`);
        if (entry.uncompressedSize > 65536 && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
          throw new ApiError('invalid_archive', `${name} has a compression ratio above ${limits.maxRatio} (a decompression bomb?)`);
        }
        if (total + entry.uncompressedSize > limits.maxTotalBytes) throw new ApiError('invalid_archive', `archive unpacks to more than ${limits.maxTotalBytes} bytes`);
      } catch (e) {
        return fail(e);
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err);
        const chunks: Buffer[] = [];
        let got = 0;
        stream.on('data', (c: Buffer) => {
          // The declared size is checked above; this guards against an entry that lies about it.
          got += c.length;
          if (got > limits.maxFileBytes) {
            stream.destroy();
            fail(new ApiError('invalid_archive', `${entry.fileName} unpacks past its declared size`));
          } else chunks.push(c);
        });
        stream.on('error', fail);
        stream.on('end', () => {
          total += got;
          files[entry.fileName] = Buffer.concat(chunks).toString('utf8');
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

function archiveError(err: Error): ApiError {
  const m = err?.message ?? String(err);
  // yauzl checks names itself when decoding them; keep the type a path refusal has elsewhere.
  if (/invalid relative path|absolute path|invalid characters in fileName/.test(m)) return new ApiError('invalid_path', `refused path in archive: ${m}`);
  return new ApiError('invalid_archive', `not a readable zip archive: ${m}`);
}

/** A stable hash of a file map: sorted names and texts, length-prefixed so that no two maps collide by concatenation. */
export function hashFiles(files: FileMap): string {
  const h = crypto.createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    const text = Buffer.from(files[name], 'utf8');
    h.update(`${Buffer.byteLength(name)}:${name}:${text.length}:`);
    h.update(text);
  }
  return h.digest('hex');
}

/** Canonical JSON (sorted keys), for hashing settings. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
