// One GPU backend's probe, in a child process of its own: a backend that aborts or hangs takes only this
// process down. Loads the tiny model, generates one token, and reports the device over IPC.
import { encodeFailure } from "@/lib/i18n/failure";
import { cpuName } from "./cores";
import type { BackendName, ProbeReport } from "./probe";

const [backend, modelPath, fault] = process.argv.slice(2) as [Exclude<BackendName, "cpu">, string, string | undefined];

async function probe(): Promise<ProbeReport> {
  // The test hook (HEARTH_PROBE_FAULT): what a broken driver does, on any machine.
  if (fault === "abort") process.abort();
  if (fault === "hang") await new Promise(() => setInterval(() => {}, 60_000));
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({
    gpu: backend,
    build: "never",
    skipDownload: true,
    maxThreads: 1,
    logLevel: LlamaLogLevel.error,
    logger: (_level, message) => process.stderr.write(message),
  });
  if (llama.gpu !== backend) {
    const reason = llama.gpu
      ? encodeFailure({ key: "backendNotChosen", values: { backend, chosen: llama.gpu } })
      : encodeFailure({ key: "backendCpuChosen", values: { backend } });
    return { ok: false, reason };
  }
  const model = await llama.loadModel({ modelPath, gpuLayers: "max" });
  const context = await model.createContext({ contextSize: 128, sequences: 1, threads: 1 });
  const tokens = context.getSequence().evaluate(model.tokenize("Hello"), { temperature: 0 });
  const first = await tokens.next();
  await tokens.return(undefined);
  if (first.done) return { ok: false, reason: encodeFailure({ key: "backendNoOutput" }) };
  const names = await llama.getGpuDeviceNames();
  const vram = await llama.getVramState();
  await context.dispose();
  await model.dispose();
  return {
    ok: true,
    device: names.join(", ") || cpuName(),
    memoryBytes: vram.total,
  };
}

probe()
  .then((report) => process.send?.(report, () => process.exit(0)))
  .catch((error: Error) => process.send?.({ ok: false, reason: explain(error) } satisfies ProbeReport, () => process.exit(0)));

function explain(error: Error): string {
  if (error.name === "NoBinaryFoundError" || error.message === "NoBinaryFoundError")
    return encodeFailure({ key: "backendNoBuild", values: { backend } });
  return encodeFailure({ key: "backendError", values: { detail: error.message } });
}
