import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listModelFiles, resolveModelFile } from "./paths";

let root: string;
let modelsDir: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-paths-"));
  modelsDir = path.join(root, "models");
  await fs.mkdir(path.join(modelsDir, "sub"), { recursive: true });
  await fs.writeFile(path.join(modelsDir, "sub", "a.gguf"), "x");
  await fs.writeFile(path.join(root, "secret.txt"), "nope");
  await fs.symlink(path.join(root, "secret.txt"), path.join(modelsDir, "link.gguf"));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("resolveModelFile", () => {
  it("resolves a file inside the models folder", async () => {
    const found = await resolveModelFile(modelsDir, "sub/a.gguf");
    expect(found.relative).toBe(path.join("sub", "a.gguf"));
  });

  it.each(["../../etc/passwd", "../secret.txt", "/etc/passwd", "link.gguf"])("refuses %s", async (p) => {
    await expect(resolveModelFile(modelsDir, p)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses a missing file and a folder", async () => {
    await expect(resolveModelFile(modelsDir, "nope.gguf")).rejects.toMatchObject({
      key: "modelFileMissing",
      values: { path: "nope.gguf" },
    });
    await expect(resolveModelFile(modelsDir, "sub")).rejects.toMatchObject({ key: "modelNotAFile", values: { path: "sub" } });
  });
});

describe("listModelFiles", () => {
  it("lists gguf files with relative paths", async () => {
    const files = await listModelFiles(modelsDir);
    expect(files.map((f) => f.path)).toContain(path.join("sub", "a.gguf"));
  });
});
