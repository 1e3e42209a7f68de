import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileHasher } from "./hasher";

const MiB = 1024 * 1024;
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-hasher-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("hashing a file while it is downloaded", () => {
  it("hashes the bytes as they land, through the rename from the temp name, to the whole file's SHA-256", async () => {
    const data = randomBytes(37 * MiB);
    const final = path.join(dir, "m.gguf");
    const temp = `${final}.ipull`;
    const hasher = createFileHasher(() => [temp, final]);
    const file = await fs.open(temp, "w");
    // Written in 5 MiB chunks as the downloader does; the hasher follows the downloaded count.
    for (let at = 0; at < data.length; at += 5 * MiB) {
      await file.write(data, at, Math.min(5 * MiB, data.length - at), at);
      hasher.advance(Math.min(at + 5 * MiB, data.length));
    }
    await file.close();
    await fs.rename(temp, final);
    expect(await hasher.finish(data.length)).toBe(sha256(data));
  });

  it("covers what an earlier attempt left on disk when a download resumes", async () => {
    const data = randomBytes(12 * MiB);
    const final = path.join(dir, "m.gguf");
    await fs.writeFile(final, data);
    const hasher = createFileHasher(() => [`${final}.ipull`, final]);
    expect(await hasher.finish(data.length)).toBe(sha256(data));
  });

  it("says so when the file is shorter than the Hub's size", async () => {
    const final = path.join(dir, "m.gguf");
    await fs.writeFile(final, randomBytes(MiB));
    await expect(createFileHasher(() => [final]).finish(2 * MiB)).rejects.toThrow(/has 1048576 bytes, not 2097152/);
  });
});
