// A temporary directory per server, readable by the unprivileged user nginx and Apache workers
// switch to when the suite runs as root.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `fetch-cors-${prefix}-`));
  await chmod(path, 0o755);
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs `start` with a fresh directory, removed again when the server stops (or fails to start). */
export async function inTempDir<T extends { stop(): Promise<void> }>(prefix: string, start: (dir: string) => Promise<T>): Promise<T> {
  const dir = await tempDir(prefix);
  try {
    const running = await start(dir.path);
    return { ...running, stop: async () => {
      await running.stop();
      await dir.remove();
    } };
  } catch (error) {
    await dir.remove();
    throw error;
  }
}
