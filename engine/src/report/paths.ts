/**
 * Paths as a report shows them: relative to the project root when the caller
 * gives one, else to the deepest folder the analysed files share, so that an
 * exported report carries no absolute local path (a home folder, a user name).
 * Plain string work on `/` and `\` separators: the engine does no IO.
 */
export function pathDisplay(files: readonly string[], root?: string): (file: string) => string {
  const base = root !== undefined ? trimSlash(norm(root)) : commonBase(files);
  if (base === undefined) return (file) => norm(file);
  return (file) => {
    const f = norm(file);
    if (base === '') return f.replace(/^\/+/, '');
    if (f === base) return lastSegment(f);
    return f.startsWith(base + '/') ? f.slice(base.length + 1) : f;
  };
}

/** Replaces every occurrence of a shown file's absolute path in free text (errors, notes). */
export function relativiseText(text: string, files: readonly string[], show: (file: string) => string): string {
  let out = text;
  // The longest first, so that a path is never replaced inside a longer one.
  for (const f of [...files].sort((a, b) => b.length - a.length)) if (f && isAbsolute(f)) out = out.split(f).join(show(f));
  return out;
}

function norm(p: string): string {
  return p.replace(/\\/g, '/');
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function lastSegment(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isAbsolute(p: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
}

/** The folder all absolute files share; undefined when any file is relative or a pseudo-path such as `<input>`. */
function commonBase(files: readonly string[]): string | undefined {
  if (files.length === 0 || !files.every(isAbsolute)) return undefined;
  const dirs = files.map((f) => norm(f).split('/').slice(0, -1));
  let n = dirs[0].length;
  for (const d of dirs) {
    let i = 0;
    while (i < n && i < d.length && d[i] === dirs[0][i]) i++;
    n = i;
  }
  const base = dirs[0].slice(0, n).join('/');
  // Only the filesystem root in common: show the paths as they are rather than cut their leading slash.
  return base === '' || /^[A-Za-z]:$/.test(base) ? undefined : base;
}
