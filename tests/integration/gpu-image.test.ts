// The GPU image states its minimum NVIDIA driver, and the worker container checks it at start with a
// message a person can act on (the worker's backend probe then keeps it running on the CPU).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const bin = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-fake-nvidia-"));
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

/** Runs the worker's start script with a fake nvidia-smi reporting `driver` (null: no nvidia-smi at all). */
function start(driver: string | null, min = "525.60.13"): string {
  fs.rmSync(path.join(bin, "nvidia-smi"), { force: true });
  if (driver) fs.writeFileSync(path.join(bin, "nvidia-smi"), `#!/bin/sh\necho ${driver}\n`, { mode: 0o755 });
  return execFileSync("sh", ["scripts/docker-worker.sh", "echo", "worker started"], {
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, HEARTH_MIN_NVIDIA_DRIVER: min },
    encoding: "utf8",
  });
}

describe("GPU image driver check", () => {
  it("states the minimum driver in the CUDA image", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    const cudaStage = dockerfile.slice(dockerfile.indexOf("AS runtime-cuda"), dockerfile.indexOf("AS runtime\n"));
    expect(cudaStage).toContain("ENV HEARTH_MIN_NVIDIA_DRIVER=525.60.13");
  });

  it("says plainly when the host driver is too old, then starts the worker anyway", () => {
    const output = start("470.57.02");
    expect(output).toContain("NVIDIA driver 470.57.02 is older than 525.60.13");
    expect(output).toContain("Update the host's NVIDIA driver");
    expect(output.trim().endsWith("worker started")).toBe(true);
  });

  it("accepts a new enough driver, comparing versions as numbers", () => {
    expect(start("580.159.04")).toContain("NVIDIA driver 580.159.04 (this image needs 525.60.13 or newer)");
    expect(start("1000.1.1")).not.toContain("older than");
  });

  it("says when no driver is visible in the container", () => {
    expect(start(null)).toContain("no NVIDIA driver visible in the container");
  });
});
