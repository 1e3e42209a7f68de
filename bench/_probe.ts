import path from "node:path";
import { makeTinyGguf, TINY_MODEL_PRESETS } from "@/lib/gguf/tiny-model";
import { now, openRawEngine, rawGenerate, rawTokensPerSec, rawTtftMs } from "./support";

const which = process.argv[2] ?? "tiny";
const t0 = now();
const file = which === "0.6b" ? "m06.gguf" : "tiny.gguf";
const fs = await import("node:fs");
if (!fs.existsSync(path.join("/tmp/hb", file)))
  await makeTinyGguf({ out: path.join("/tmp/hb", file), ...(which === "0.6b" ? TINY_MODEL_PRESETS["0.6b"] : { vocab: 2048, ctx: 2048 }) });
console.log("made", now() - t0);
const threads = Number(process.argv[3] ?? 1),
  seqs = Number(process.argv[4] ?? 2),
  M = Number(process.argv[5] ?? 64);
const eng = await openRawEngine({
  modelsDir: "/tmp/hb",
  filePath: file,
  modelContextLength: which === "0.6b" ? 4096 : 2048,
  threads,
  sequences: seqs,
  contextSize: 1024,
});
const leases = [];
for (let i = 0; i < seqs; i++) leases.push(await eng.acquire());
console.log("loaded", now() - t0);
for (let i = 0; i < 3; i++) {
  const r = await rawGenerate(leases[0]!, "Tell me a story about a fireplace in winter.", M);
  console.log("seq", rawTtftMs(r)?.toFixed(1), rawTokensPerSec(r)?.toFixed(1), r.tokens, r.textChunks, JSON.stringify(r.text.slice(0, 60)));
}
const t1 = now();
const rs = await Promise.all(leases.map((l, i) => rawGenerate(l, `Prompt ${i}: tell me about hearths.`, M)));
const tot = rs.reduce((a, r) => a + r.tokens, 0);
console.log("conc", seqs, tot, (tot / ((now() - t1) / 1000)).toFixed(1), "tok/s");
await eng.dispose();
