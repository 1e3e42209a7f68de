// Pull throughput: Hearth's pull of a generated ~200 MB GGUF from the fake Hugging Face (queue → worker →
// node-llama-cpp's downloader → SHA-256 → register) versus a plain download of the same file from the same
// server, in the same run. Then a pull whose worker is killed midway must resume and verify.
// Run: npm run bench:pull   (BENCH_HUB_MBPS: the Hub line's speed in MB/s, default 40; 0 = unlimited;
// BENCH_QUICK=1: a ~32 MB model on a 5 MB/s line, slow enough to kill the worker halfway)
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { HearthClient } from "@/testkit/client";
import { startFakeHuggingFace } from "@/testkit/fake-huggingface";
import type { Stack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { now, sleep } from "./support/clock";
import { QUICK, setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";
import { createUsers, startBenchStack, stopBenchStack } from "./support/stack";

const HUB_MBPS = setting("BENCH_HUB_MBPS", 40, 5);
// Quick: ~32 MB, big enough that a kill at half-way leaves more to fetch than the downloader has in flight.
const MODEL = QUICK
  ? { layers: 4, embd: 1024, heads: 16, headsKv: 16, ff: 2048, vocab: 8192, ctx: 2048, type: "q4_0" as const }
  : { layers: 16, embd: 1024, heads: 16, headsKv: 16, ff: 4096, vocab: 32000, ctx: 2048, type: "q4_0" as const };
const REPO = "bench/Pull-GGUF";
const FILE = "pull-q4_0.gguf";

type Pull = { id: string; status: string; downloadedBytes: number; error: string | null };

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function plainDownload(url: string, out: string): Promise<number> {
  const started = now();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`plain download: HTTP ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), fs.createWriteStream(out));
  return (now() - started) / 1000;
}

async function waitForPull(admin: HearthClient, id: string, until: (p: Pull) => boolean): Promise<Pull> {
  for (;;) {
    const { data } = await admin.json<{ pulls: Pull[] }>("/api/admin/pulls");
    const pull = data.pulls.find((p) => p.id === id);
    if (pull && until(pull)) return pull;
    await sleep(50);
  }
}

async function hearthPull(admin: HearthClient, repo: string): Promise<{ seconds: number; pull: Pull }> {
  const started = now();
  const { data } = await admin.json<{ pull: Pull }>("/api/admin/pulls", { repo, file: FILE });
  const pull = await waitForPull(admin, data.pull.id, (p) => p.status === "done" || p.status === "failed");
  return { seconds: (now() - started) / 1000, pull };
}

async function main() {
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), "hearth-bench-pull-"));
  const source = path.join(scratch, FILE);
  note("generating the model…");
  await makeTinyGguf({ out: source, ...MODEL });
  const size = (await fsp.stat(source)).size;
  const expected = await sha256(source);
  const hub = await startFakeHuggingFace({ bytesPerSecond: HUB_MBPS * 1e6, shared: true });
  await hub.addFile(REPO, FILE, source);
  await hub.addFile(`${REPO}-2`, FILE, source);
  let stack: Stack | undefined;
  try {
    stack = await startBenchStack({ HF_ENDPOINT: hub.url, HEARTH_MIN_FREE_DISK_BYTES: "0" });
    const { admin } = await createUsers(stack, 0);
    const plainSeconds = await plainDownload(`${hub.url}/${REPO}/resolve/main/${FILE}`, path.join(scratch, "plain.gguf"));
    const { seconds: pullSeconds, pull } = await hearthPull(admin, REPO);
    const installed = path.join(stack.modelsDir, "hub", ...REPO.split("/"), FILE);
    const sha256Ok = pull.status === "done" && (await sha256(installed)) === expected;

    // Resume: kill the worker halfway, start it again, and the pull must finish from where it stopped.
    const { data } = await admin.json<{ pull: Pull }>("/api/admin/pulls", { repo: `${REPO}-2`, file: FILE });
    await waitForPull(admin, data.pull.id, (p) => p.downloadedBytes > size / 2);
    await stack.stopWorker("SIGKILL");
    const sentBefore = hub.bytesSent();
    await stack.startWorker();
    const resumed = await waitForPull(admin, data.pull.id, (p) => p.status === "done" || p.status === "failed");
    const refetched = hub.bytesSent() - sentBefore;
    note(`after the restart the worker fetched ${fmt(refetched / 1e6, 1)} MB of ${fmt(size / 1e6, 1)} MB`);
    // Resumed: what was fetched after the restart is the missing half plus at most the chunks in flight.
    const resumeOk =
      resumed.status === "done" &&
      refetched < size * 0.75 &&
      (await sha256(path.join(stack.modelsDir, "hub", ...`${REPO}-2`.split("/"), FILE))) === expected;

    const mbps = (seconds: number) => fmt(size / 1e6 / seconds, 1);
    printTable(
      `pull of ${fmt(size / 1e6, 0)} MB from the fake Hugging Face (${HUB_MBPS ? `${HUB_MBPS} MB/s line` : "unlimited"})`,
      ["path", "seconds", "MB/s"],
      [
        ["plain download (fetch → file)", fmt(plainSeconds, 2), mbps(plainSeconds)],
        ["Hearth pull (queue → worker → verify → register)", fmt(pullSeconds, 2), mbps(pullSeconds)],
      ],
    );
    console.log(`pull throughput_ratio=${fmt(plainSeconds / pullSeconds, 3)} resume_ok=${resumeOk} sha256_ok=${sha256Ok}`);
  } finally {
    await stopBenchStack(stack);
    await hub.close();
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
