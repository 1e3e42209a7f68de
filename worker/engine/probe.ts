// Picks the inference backend by trying each one for real in a child process, best first: a GPU
// build that reports itself available can still abort on its first kernel (a CUDA build newer than
// the driver), and that must cost a refused backend, not the worker.
import { fork } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "@/lib/env";
import { encodeFailure, type FailureValues } from "@/lib/i18n/failure";
import { cpuName } from "./cores";
import { writeProbeModel } from "./probe-model";

export type BackendName = "cuda" | "vulkan" | "metal" | "cpu";
/** `reason` is an encoded failure (lib/i18n/failure.ts): the admin page shows it in the reader's language. */
export type ProbeReport = { ok: true; device: string; memoryBytes: number } | { ok: false; reason: string };
export type ProbeOutcome = { backend: BackendName; ms: number } & ProbeReport;
export type ProbeResult = { chosen: Extract<ProbeOutcome, { ok: true }>; refused: Extract<ProbeOutcome, { ok: false }>[] };

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "probe-child.ts");

/** Best first. An explicit GPU still falls back to the CPU rather than leaving the family without answers. */
export function backendOrder(gpu: Env["HEARTH_GPU"], platform: NodeJS.Platform = process.platform): BackendName[] {
  if (gpu === "false") return ["cpu"];
  if (gpu !== "auto") return [gpu, "cpu"];
  return platform === "darwin" ? ["metal", "cpu"] : ["cuda", "vulkan", "cpu"];
}

/** `cuda:abort,vulkan:hang` → { cuda: "abort", vulkan: "hang" } */
export function parseFaults(spec: string): Partial<Record<BackendName, "abort" | "hang">> {
  const faults: Partial<Record<BackendName, "abort" | "hang">> = {};
  for (const part of spec.split(",").filter(Boolean)) {
    const [backend, fault] = part.split(":") as [BackendName, "abort" | "hang"];
    faults[backend] = fault;
  }
  return faults;
}

export async function probeBackends(options: { order: BackendName[]; timeoutMs: number; faults?: string }): Promise<ProbeResult> {
  const faults = parseFaults(options.faults ?? "");
  if (options.order.every((b) => b === "cpu"))
    return { chosen: { backend: "cpu", ok: true, ms: 0, device: cpuName(), memoryBytes: os.totalmem() }, refused: [] };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-probe-"));
  try {
    const modelPath = path.join(dir, "probe.gguf");
    await writeProbeModel(modelPath, 128);
    const refused: ProbeResult["refused"] = [];
    for (const backend of options.order.filter((b) => b !== "cpu")) {
      const outcome = await probeOne({ backend, modelPath, timeoutMs: options.timeoutMs, fault: faults[backend] });
      if (outcome.ok) return { chosen: outcome, refused };
      refused.push(outcome);
    }
    // The CPU is the last resort: with nothing left to fall back to, a child process would only add start-up time.
    return { chosen: { backend: "cpu", ok: true, ms: 0, device: cpuName(), memoryBytes: os.totalmem() }, refused };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function probeOne(options: { backend: BackendName; modelPath: string; timeoutMs: number; fault?: string }): Promise<ProbeOutcome> {
  const { backend, timeoutMs } = options;
  const started = performance.now();
  const args = [backend, options.modelPath, ...(options.fault ? [options.fault] : [])];
  const child = fork(CHILD, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve) => {
    let report: ProbeReport | null = null;
    const settle = (result: ProbeReport) => {
      clearTimeout(timer);
      resolve({ backend, ms: Math.round(performance.now() - started), ...result });
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle({ ok: false, reason: encodeFailure({ key: "backendHung", values: { seconds: Math.round(timeoutMs / 1000) } }) });
    }, timeoutMs);
    child.on("message", (message: ProbeReport) => {
      report = message;
    });
    child.on("exit", (code, signal) => {
      if (report) return settle(report);
      const last = lastLine(stderr);
      // The native library's own line stays as it printed it: it is what an admin would search for.
      const values: FailureValues = signal ? { signal } : { code: String(code) };
      const key = signal ? (last ? "backendKilledSaying" : "backendKilled") : last ? "backendExitedSaying" : "backendExited";
      settle({ ok: false, reason: encodeFailure({ key, values: last ? { ...values, detail: last } : values }) });
    });
  });
}

/** The most telling line a crashing native library printed, e.g. "CUDA error: the provided PTX was …". */
function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  const telling = lines.filter((l) => /error|abort|fail|unsupported/i.test(l) && !/^(at |\d+: )/.test(l));
  return (telling.at(-1) ?? "").slice(0, 300);
}
