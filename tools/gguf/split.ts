// Writes a model as llama.cpp's gguf-split does: `<prefix>-00001-of-0000N.gguf` …, the tensors spread over
// the parts, every part marked with split.no / split.count / split.tensors.count, the model's metadata in
// the first part only. llama.cpp (and node-llama-cpp) load such a model from its first part.
import fs from "node:fs/promises";
import path from "node:path";
import { GgufValueType } from "@/lib/gguf/format";
import { type GgufMetadataEntry, type GgufWriteSpec, writeGguf } from "@/lib/gguf/writer";

export function splitPartPath(prefix: string, part: number, count: number): string {
  return `${prefix}-${String(part).padStart(5, "0")}-of-${String(count).padStart(5, "0")}.gguf`;
}

export async function writeSplitGguf(prefix: string, spec: GgufWriteSpec, count: number): Promise<string[]> {
  if (count < 2 || count > spec.tensors.length) throw new Error(`cannot split ${spec.tensors.length} tensors into ${count} parts`);
  const bound = (i: number) => Math.floor((i * spec.tensors.length) / count);
  const paths: string[] = [];
  await fs.mkdir(path.dirname(prefix), { recursive: true });
  for (let i = 0; i < count; i++) {
    const split: GgufMetadataEntry[] = [
      { key: "split.no", type: GgufValueType.UINT16, value: i },
      { key: "split.count", type: GgufValueType.UINT16, value: count },
      { key: "split.tensors.count", type: GgufValueType.INT32, value: spec.tensors.length },
    ];
    const out = splitPartPath(prefix, i + 1, count);
    await writeGguf(out, {
      metadata: i === 0 ? [...spec.metadata, ...split] : split,
      tensors: spec.tensors.slice(bound(i), bound(i + 1)),
    });
    paths.push(out);
  }
  return paths;
}
