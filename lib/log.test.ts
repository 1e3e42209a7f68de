import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("logging", () => {
  it("nothing the web or the worker runs writes to the console: every line goes through lib/log.ts", () => {
    // Browser code (components/, "use client" files) may use the console: its output stays in the reader's browser.
    const files = execFileSync(
      "git",
      ["ls-files", "--cached", "--others", "--exclude-standard", "app", "lib", "worker", "instrumentation.ts", "proxy.ts"],
      { cwd: root, encoding: "utf8" },
    )
      .split("\n")
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("lib/generated/") && f !== "lib/log.ts")
      .filter((f) => existsSync(path.join(root, f)));
    expect(files.length).toBeGreaterThan(100);
    const grep = spawnSync("grep", ["-nE", String.raw`\bconsole\.(log|info|warn|error|debug|trace)\b`, ...files], {
      cwd: root,
      encoding: "utf8",
    });
    expect(grep.status, grep.stderr).not.toBe(2);
    expect(grep.stdout).toBe("");
  });
});
