import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "./env.server";

/**
 * Where image files live. The default is local disk under data/; an S3-compatible store can implement
 * the same four calls. Keys are content-addressed, so a file never changes once written.
 */
export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the file if it is there; a missing file is not an error. */
  delete(key: string): Promise<void>;
}

const safeKey = /^[a-z0-9][a-z0-9/_.-]*$/;

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private resolve(key: string) {
    if (!safeKey.test(key) || key.includes("..")) throw new Error(`Unsafe storage key: ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer) {
    const file = this.resolve(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, file);
  }

  async get(key: string) {
    try {
      return await readFile(this.resolve(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string) {
    await rm(this.resolve(key), { force: true });
  }

  async exists(key: string) {
    try {
      await stat(this.resolve(key));
      return true;
    } catch {
      return false;
    }
  }
}

export function defaultImageDir() {
  return env().IMAGE_DIR ?? path.resolve("data", "images");
}

let storage: FileStorage | undefined;
export function getImageStorage(): FileStorage {
  storage ??= new LocalDiskStorage(defaultImageDir());
  return storage;
}
