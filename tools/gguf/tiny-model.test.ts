import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GgmlType, GgufValueType } from "@/lib/gguf/format";
import { readGgufHeader } from "@/lib/gguf/reader";
import { summarizeGguf } from "@/lib/gguf/summary";
import { encodeTensorValues, f32ToF16, writeGguf } from "@/lib/gguf/writer";
import { buildVocab, makeTinyGguf, TINY_MODEL_PRESETS, tinyModelSpec } from "./tiny-model";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-tiny-model-"));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function sha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await fs.readFile(file))
    .digest("hex");
}

function f16ToF32(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

describe("makeTinyGguf", () => {
  it("is deterministic: same options, same bytes; another seed, other bytes", async () => {
    const a = path.join(dir, "a.gguf");
    const b = path.join(dir, "b.gguf");
    const c = path.join(dir, "c.gguf");
    await makeTinyGguf({ out: a, type: "q4_0", seed: 7 });
    await makeTinyGguf({ out: b, type: "q4_0", seed: 7 });
    await makeTinyGguf({ out: c, type: "q4_0", seed: 8 });
    expect(await sha256(a)).toBe(await sha256(b));
    expect(await sha256(c)).not.toBe(await sha256(a));
  });

  it.each(["f32", "f16", "q4_0", "q8_0"] as const)("round-trips a %s model through the reader", async (type) => {
    const out = path.join(dir, `rt-${type}.gguf`);
    const opts = { layers: 3, embd: 64, heads: 4, headsKv: 2, ff: 96, vocab: 4096, ctx: 256, type, chatTemplate: "{{ messages }}" };
    const made = await makeTinyGguf({ out, ...opts });
    const header = await readGgufHeader(out, { keepArrays: ["tokenizer.ggml.tokens", "tokenizer.ggml.token_type"] });
    expect(made.sizeBytes).toBe(header.fileSize);
    const m = header.metadata;
    expect(m["general.architecture"]).toBe("llama");
    expect(m["llama.block_count"]).toBe(3);
    expect(m["llama.attention.head_count_kv"]).toBe(2);
    expect(m["llama.rope.dimension_count"]).toBe(16);
    expect(m["llama.attention.layer_norm_rms_epsilon"]).toBeCloseTo(1e-5);
    expect(m["tokenizer.ggml.add_bos_token"]).toBe(true);
    // The vocabulary is big enough to push the header past the writer's first buffer.
    expect(m["tokenizer.ggml.tokens"]).toEqual(buildVocab(4096).tokens);
    expect(m["tokenizer.ggml.token_type"]).toEqual(buildVocab(4096).types);

    const weightType = { f32: GgmlType.F32, f16: GgmlType.F16, q4_0: GgmlType.Q4_0, q8_0: GgmlType.Q8_0 }[type];
    const byName = new Map(header.tensors.map((t) => [t.name, t]));
    expect(header.tensors).toHaveLength(3 + 3 * 9);
    expect(byName.get("token_embd.weight")).toMatchObject({ shape: [64, 4096], type: weightType });
    expect(byName.get("blk.2.attn_k.weight")).toMatchObject({ shape: [64, 32], type: weightType });
    expect(byName.get("blk.0.ffn_down.weight")).toMatchObject({ shape: [96, 64], type: weightType });
    expect(byName.get("blk.1.ffn_norm.weight")).toMatchObject({ shape: [64], type: GgmlType.F32 });
    expect(byName.get("output.weight")).toMatchObject({ shape: [64, 4096], type: weightType });

    const summary = summarizeGguf(header, header.fileSize);
    expect(summary).toMatchObject({
      quantization: type.toUpperCase(),
      contextLength: 256,
      chatTemplate: "{{ messages }}",
      parameterCount: made.parameterCount,
    });
  });

  it("builds a SentencePiece vocabulary with byte fallback and merge paths", () => {
    const { tokens, scores, types } = buildVocab(1000);
    expect(tokens.slice(0, 4)).toEqual(["<unk>", "<s>", "</s>", "<0x00>"]);
    expect(tokens[3 + 255]).toBe("<0xFF>");
    expect(types.slice(0, 4)).toEqual([2, 3, 3, 6]);
    expect(new Set(tokens).size).toBe(1000);
    expect(scores).toHaveLength(1000);
    const vocab = new Set(tokens);
    for (const t of tokens.slice(259)) if (t.length > 1 && t !== "▁") expect(vocab.has(t.slice(0, -1)) || vocab.has(t.slice(1))).toBe(true);
  });

  it("refuses shapes llama.cpp could not load", async () => {
    expect(() => tinyModelSpec({ embd: 60, heads: 7 })).toThrow(RangeError);
    expect(() => tinyModelSpec({ heads: 4, headsKv: 3 })).toThrow(/headsKv/);
    expect(() => tinyModelSpec({ type: "q4_0", embd: 48, heads: 4 })).toThrow(/multiples of 32/);
    expect(() => tinyModelSpec({ vocab: 100 })).toThrow(/vocab/);
  });

  it("describes a ~0.6B benchmark model without generating its weights", () => {
    const spec = tinyModelSpec(TINY_MODEL_PRESETS["0.6b"]);
    const params = spec.tensors.reduce((sum, t) => sum + t.shape.reduce((n, d) => n * d, 1), 0);
    expect(params).toBeGreaterThan(550e6);
    expect(params).toBeLessThan(650e6);
    expect(spec.tensors.every((t) => typeof t.data === "function")).toBe(true);
  });
});

describe("writer encoders", () => {
  it("converts to half precision like ggml", () => {
    expect(f32ToF16(1)).toBe(0x3c00);
    expect(f32ToF16(-2)).toBe(0xc000);
    expect(f32ToF16(65504)).toBe(0x7bff);
    expect(f32ToF16(1e6)).toBe(0x7c00);
    expect(f32ToF16(2 ** -24)).toBe(0x0001);
    expect(f32ToF16(1e-9)).toBe(0);
    expect(f32ToF16(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to even
    expect(f32ToF16(Number.NaN) & 0x7c00).toBe(0x7c00);
  });

  it("quantizes Q8_0 and Q4_0 within their precision", () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.05);
    const q8 = encodeTensorValues(GgmlType.Q8_0, values);
    const q4 = encodeTensorValues(GgmlType.Q4_0, values);
    expect(q8.length).toBe(2 * 34);
    expect(q4.length).toBe(2 * 18);
    for (let i = 0; i < 64; i++) {
      const block = Math.floor(i / 32);
      const j = i % 32;
      const d8 = f16ToF32(q8.readUInt16LE(block * 34));
      expect(d8 * q8.readInt8(block * 34 + 2 + j)).toBeCloseTo(values[i] as number, 3);
      const d4 = f16ToF32(q4.readUInt16LE(block * 18));
      const byte = q4[block * 18 + 2 + (j % 16)] as number;
      const nibble = j < 16 ? byte & 0x0f : byte >> 4;
      // Half a step, except where ggml clamps +8 to +7 on the side opposite the largest value.
      expect(Math.abs(d4 * (nibble - 8) - (values[i] as number))).toBeLessThanOrEqual(Math.abs(d4) + 1e-6);
    }
  });

  it("refuses tensor data of the wrong size and leaves no file behind", async () => {
    const out = path.join(dir, "bad.gguf");
    const spec = {
      metadata: [{ key: "a", type: GgufValueType.UINT8, value: 1 } as const],
      tensors: [{ name: "t", shape: [8], type: GgmlType.F32, data: () => [Buffer.alloc(16)] }],
    };
    await expect(writeGguf(out, spec)).rejects.toThrow(/only 16 bytes.*need 32/);
    expect((await fs.readdir(dir)).filter((f) => f.startsWith("bad.gguf"))).toEqual([]);
  });
});
