import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertBlobName, BlobNotFoundError } from './blob-store.js';
import type { BlobStore } from './blob-store.js';

/** A blob store in a local directory, fanned out by the name's first two characters. */
export class LocalBlobStore implements BlobStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  #pathOf(name: string): string {
    assertBlobName(name);
    return path.join(this.#root, name.slice(0, 2), name);
  }

  async put(name: string, data: Buffer): Promise<void> {
    const target = this.#pathOf(name);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temporary, data, { mode: 0o600, flag: 'wx' });
    await fs.rename(temporary, target);
  }

  async get(name: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.#pathOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError();
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await fs.rm(this.#pathOf(name), { force: true });
  }

  /** Writes, syncs and removes a small probe file in the store's directory. */
  async check(): Promise<void> {
    await writeProbe(this.#root);
  }

  /** The store's directory. */
  get root(): string {
    return this.#root;
  }
}

/**
 * Proves a directory takes a write right now (created if missing): a small file written, synced
 * and removed. A full or read-only disk throws its ENOSPC / EROFS / EACCES.
 */
export async function writeProbe(directory: string): Promise<void> {
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const probe = path.join(directory, `.probe-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(probe, 'wx', 0o600);
    try {
      await handle.writeFile(randomBytes(512));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } finally {
    await fs.rm(probe, { force: true });
  }
}
