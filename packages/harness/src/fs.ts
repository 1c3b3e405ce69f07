/**
 * File helpers: atomic JSON writes and the workspace root.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Write JSON atomically: to a temp file in the same folder, then rename over the target,
 * so a reader never sees a half-written file and a failed write leaves the old one intact.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Write text atomically (temp file + rename), creating the folder. */
export function writeTextAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The nearest folder at or above `from` holding nx.json, or null outside a workspace. */
export function findWorkspaceRoot(from: string = process.cwd()): string | null {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
