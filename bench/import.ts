// Importing a large ChatGPT export through the real server: a generated conversations.json of ~500 MB is
// uploaded to /api/imports as a member does it, and the resident memory of the web server (the process that
// imports, with its children) is watched from the upload until the import's report is in: sampled, and the
// kernel's high-water mark, which a spike between samples cannot escape. Target: growth under 200 MB.
// Run: npm run bench:import   (BENCH_QUICK=1: a 4 MB file; BENCH_IMPORT_MB sets the size)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { ImportView } from "@/lib/queries/imports";
import type { HearthClient } from "@/testkit/client";
import { chatGptConversation, writeLargeChatGptExport } from "@/testkit/exports";
import { now } from "./support/clock";
import { setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";
import { watchPeakRss } from "./support/rss";
import { createUsers, startBenchStack, stopBenchStack } from "./support/stack";

const FILE_MB = setting("BENCH_IMPORT_MB", 500, 4);

async function upload(client: HearthClient, file: string): Promise<string> {
  const response = await client.fetch("/api/imports?name=conversations.json", {
    method: "POST",
    headers: { "content-type": "application/octet-stream", "content-length": String(fs.statSync(file).size) },
    body: Readable.toWeb(fs.createReadStream(file)) as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
  const data = (await response.json()) as { import?: ImportView };
  if (response.status !== 202 || !data.import) throw new Error(`upload refused: ${response.status} ${JSON.stringify(data)}`);
  return data.import.id;
}

async function waitFor(client: HearthClient, id: string): Promise<ImportView> {
  for (;;) {
    const { data } = await client.json<{ import: ImportView }>(`/api/imports/${id}`);
    if (data.import.status !== "running") return data.import;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-bench-import-"));
  const file = path.join(dir, "conversations.json");
  const warmFile = path.join(dir, "warm.json");
  let stack: Awaited<ReturnType<typeof startBenchStack>> | undefined;
  try {
    note(`writing a ${FILE_MB} MB ChatGPT export`);
    const written = await writeLargeChatGptExport(file, FILE_MB * 1024 ** 2);
    fs.writeFileSync(warmFile, JSON.stringify([chatGptConversation({ id: "warm-up" })]));
    stack = await startBenchStack({ HEARTH_IMPORT_MAX_MB: String(FILE_MB * 2 + 16) }, { worker: false });
    const pid = stack.webPid();
    if (!pid) throw new Error("no web server pid");
    const [member] = (await createUsers(stack, 1)).members as [HearthClient];
    // A first small import loads the route and the parser, so the baseline is the server as it serves imports.
    await waitFor(member, await upload(member, warmFile));
    const memory = watchPeakRss(pid);
    const started = now();
    const id = await upload(member, file);
    const uploaded = now();
    note(`uploaded in ${fmt((uploaded - started) / 1000)} s; importing ${written} conversations`);
    const report = await waitFor(member, id);
    const finished = now();
    const { before: baseline, sampledPeak, peak } = memory.stop();
    if (report.status !== "done" || report.imported !== written)
      throw new Error(`import ended ${JSON.stringify({ ...report, failures: report.failures.slice(0, 3) })}`);
    const growthMb = (peak - baseline) / 1024 ** 2;
    // The size written, not the size asked for: the last conversation ends a little past it.
    const fileMb = fs.statSync(file).size / 1024 ** 2;
    const perSecond = report.imported / ((finished - uploaded) / 1000);
    printTable(
      "Import of a generated ChatGPT export through /api/imports",
      [
        "file MB",
        "conversations",
        "messages",
        "upload s",
        "import s",
        "conversations/s",
        "RSS before MB",
        "sampled peak MB",
        "RSS peak MB",
        "growth MB",
      ],
      [
        [
          fmt(fileMb),
          report.imported,
          report.imported * 7,
          fmt((uploaded - started) / 1000),
          fmt((finished - uploaded) / 1000),
          fmt(perSecond),
          fmt(baseline / 1024 ** 2),
          fmt(sampledPeak / 1024 ** 2),
          fmt(peak / 1024 ** 2),
          fmt(growthMb),
        ],
      ],
    );
    console.log(
      `import mb=${fmt(fileMb)} rss_growth_mb=${fmt(growthMb)} conversations_per_s=${fmt(perSecond)} load_1m=${fmt(os.loadavg()[0], 2)}`,
    );
  } finally {
    await stopBenchStack(stack);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
