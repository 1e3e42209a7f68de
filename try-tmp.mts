import { readGgufHeader, summarizeGguf } from "./lib/gguf/reader";

for (const p of process.argv.slice(2)) {
  let t = performance.now();
  const h = await readGgufHeader(p);
  const a = performance.now() - t;
  t = performance.now();
  const h2 = await readGgufHeader(p, { keepArrays: ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"] });
  console.log(
    p,
    a.toFixed(1),
    "ms;",
    (performance.now() - t).toFixed(1),
    "ms full;",
    summarizeGguf(h, h.fileSize),
    (h2.metadata["tokenizer.ggml.tokens"] as string[]).slice(250, 300).join(" "),
  );
}
