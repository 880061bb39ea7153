import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";

// Create a secret once: the master key, the platform's signing key and the
// NextAuth secret are generated on the first start into the data folder, and
// several processes start together (npm start's web server and worker, two
// workers, tests). The contents are written and flushed to a private temp file,
// then hard-linked to the real name: link(2) fails if the name exists, so the
// first process to get there wins and every other one (whose link fails) reads
// and uses the winner's file. Nobody ever sees a half-written file, and nobody
// replaces a key another process already used (rename(2) would, silently).

const RETRIES = 50;

/**
 * The contents of `file`, which `make()` creates if it does not exist yet.
 * Concurrent callers, in this process or others, all return the same
 * contents: the first one's. The folder is created (0700) when missing.
 */
export function readOrCreateSecret(file: string, make: () => string, opts: { mode?: number } = {}): string {
  const mode = opts.mode ?? 0o600;
  const existing = readIfPresent(file);
  if (existing !== null) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const contents = make();
  if (contents === "") throw new Error(`readOrCreateSecret(${file}): make() returned nothing`);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const fd = openSync(tmp, "wx", mode);
    try {
      writeSync(fd, contents);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode); // the umask may have narrowed it
    try {
      linkSync(tmp, file);
      syncFolder(path.dirname(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        // Another caller created it first: theirs is the secret.
      } else if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS" || code === "EXDEV") {
        // A filesystem without hard links: exclusive copy (a reader may briefly see it short; readIfPresent retries).
        try {
          copyFileSync(tmp, file, constants.COPYFILE_EXCL);
        } catch (copyErr) {
          if ((copyErr as NodeJS.ErrnoException).code !== "EEXIST") throw copyErr;
        }
      } else {
        throw err;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  const created = readIfPresent(file);
  if (created === null) throw new Error(`${file} was created but cannot be read back`);
  return created;
}

/** The file's contents; null when it does not exist. An empty file is one being copied into place: wait for it. */
function readIfPresent(file: string): string | null {
  for (let attempt = 0; ; attempt++) {
    let contents: string;
    try {
      contents = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    if (contents !== "") return contents;
    if (attempt >= RETRIES) throw new Error(`${file} is empty: remove it to have a new secret generated`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** Make the new name durable (best effort: not every platform lets a folder be opened). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The link itself is what matters; durability of the folder entry is a bonus.
  }
}
