import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGguf } from "@/lib/gguf/writer";
import { buildVocab, makeTinyGguf } from "@/tools/gguf/tiny-model";
import { GgufError } from "./error";
import { GgmlType, GgufValueType } from "./format";
import { ggufArrayLength, isGgufArraySummary } from "./metadata-value";
import { readGgufHeader } from "./reader";
import { summarizeGguf } from "./summary";

let dir: string;
let f32Model: string;
let f32Params: number;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-gguf-reader-"));
  f32Model = path.join(dir, "tiny-f32.gguf");
  f32Params = (await makeTinyGguf({ out: f32Model, vocab: 2048, ctx: 384 })).parameterCount;
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function expectGgufError(file: string, code: GgufError["code"], message?: RegExp): Promise<void> {
  const error = await readGgufHeader(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GgufError);
  expect((error as GgufError).code).toBe(code);
  if (message) expect((error as GgufError).message).toMatch(message);
}

async function writeBytes(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

function ggufPrefix(version: number, tensorCount: bigint, kvCount: bigint): Buffer {
  const b = Buffer.alloc(24);
  b.write("GGUF", 0, "latin1");
  b.writeUInt32LE(version, 4);
  b.writeBigUInt64LE(tensorCount, 8);
  b.writeBigUInt64LE(kvCount, 16);
  return b;
}

describe("readGgufHeader", () => {
  it("reads a generated model and summarises it", async () => {
    const header = await readGgufHeader(f32Model);
    expect(header.version).toBe(3);
    expect(header.tensorCount).toBe(2 * 9 + 3);
    expect(header.dataOffset % 32).toBe(0);
    expect(header.dataOffset + header.dataSize).toBe(header.fileSize);
    const summary = summarizeGguf(header, header.fileSize);
    expect(summary).toMatchObject({
      architecture: "llama",
      contextLength: 384,
      quantization: "F32",
      chatTemplate: null,
      parameterCount: f32Params,
    });
    expect(summary.name).toContain("tiny-llama");
    expect(summary.parameterCount).toBeGreaterThan(0);
  });

  it("summarises long arrays but keeps their length, unless asked to keep them", async () => {
    const header = await readGgufHeader(f32Model);
    const tokens = header.metadata["tokenizer.ggml.tokens"];
    expect(isGgufArraySummary(tokens)).toBe(true);
    expect(ggufArrayLength(tokens)).toBe(2048);
    const full = await readGgufHeader(f32Model, { keepArrays: ["tokenizer.ggml.tokens"] });
    expect(full.metadata["tokenizer.ggml.tokens"]).toEqual(buildVocab(2048).tokens);
    expect(isGgufArraySummary(full.metadata["tokenizer.ggml.scores"])).toBe(true);
  });

  it("names the dominant tensor type when general.file_type is missing, and honours general.alignment", async () => {
    const file = path.join(dir, "no-file-type.gguf");
    await writeGguf(file, {
      metadata: [
        { key: "general.architecture", type: GgufValueType.STRING, value: "llama" },
        { key: "general.alignment", type: GgufValueType.UINT32, value: 64 },
      ],
      tensors: [
        { name: "norm", shape: [3], type: GgmlType.F32, data: Buffer.alloc(12) },
        { name: "big", shape: [64, 2], type: GgmlType.Q8_0, data: Buffer.alloc(4 * 34) },
        { name: "small", shape: [32, 1], type: GgmlType.F16, data: Buffer.alloc(64) },
      ],
    });
    const header = await readGgufHeader(file);
    expect(header.alignment).toBe(64);
    expect(header.dataOffset % 64).toBe(0);
    expect(header.tensors.map((t) => t.offset)).toEqual([0, 64, 256]);
    expect(summarizeGguf(header, header.fileSize)).toMatchObject({
      quantization: "Q8_0",
      contextLength: null,
      parameterCount: 3 + 128 + 32,
    });
  });

  it("rejects files that are not GGUF", async () => {
    await expectGgufError(await writeBytes("notes.txt", Buffer.from("hello, I am a text file\n")), "not_gguf", /text file/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await expectGgufError(await writeBytes("image.gguf", png), "not_gguf", /PNG/);
    await expectGgufError(await writeBytes("lfs.gguf", Buffer.from("version https://git-lfs.github.com/spec/v1\n")), "not_gguf", /LFS/);
    await expectGgufError(await writeBytes("empty.gguf", Buffer.alloc(0)), "not_gguf", /empty/);
  });

  it("rejects unsupported versions", async () => {
    await expectGgufError(await writeBytes("v1.gguf", ggufPrefix(1, 0n, 0n)), "unsupported_version", /version 1/);
    await expectGgufError(await writeBytes("v9.gguf", ggufPrefix(9, 0n, 0n)), "unsupported_version");
  });

  it("reads an empty v2 file", async () => {
    const header = await readGgufHeader(await writeBytes("v2.gguf", ggufPrefix(2, 0n, 0n)));
    expect(header).toMatchObject({ version: 2, tensorCount: 0, tensors: [], dataSize: 0 });
  });

  it("reports a file cut short inside the header", async () => {
    const whole = await fs.readFile(f32Model);
    await expectGgufError(await writeBytes("cut-header.gguf", whole.subarray(0, 300)), "truncated", /cut short/);
    await expectGgufError(await writeBytes("cut-magic.gguf", whole.subarray(0, 6)), "truncated");
  });

  it("reports a file cut short inside the tensor data", async () => {
    const whole = await fs.readFile(f32Model);
    await expectGgufError(await writeBytes("cut-data.gguf", whole.subarray(0, whole.length - 100)), "truncated", /tensors need/);
  });

  it("rejects absurd counts and lengths without allocating them", async () => {
    await expectGgufError(await writeBytes("many-tensors.gguf", ggufPrefix(3, 1n << 40n, 0n)), "corrupt", /tensor count/);
    const key = Buffer.alloc(8 + 1 + 4 + 4 + 8);
    key.writeBigUInt64LE(1n, 0);
    key.write("k", 8);
    key.writeUInt32LE(GgufValueType.ARRAY, 9);
    key.writeUInt32LE(GgufValueType.STRING, 13);
    key.writeBigUInt64LE(1n << 50n, 17);
    await expectGgufError(await writeBytes("huge-array.gguf", Buffer.concat([ggufPrefix(3, 0n, 1n), key])), "corrupt", /array length/);
    const str = Buffer.alloc(8 + 1 + 4 + 8);
    str.writeBigUInt64LE(1n, 0);
    str.write("k", 8);
    str.writeUInt32LE(GgufValueType.STRING, 9);
    str.writeBigUInt64LE(1n << 33n, 13);
    await expectGgufError(await writeBytes("huge-string.gguf", Buffer.concat([ggufPrefix(3, 0n, 1n), str])), "corrupt", /string length/);
  });

  it("rejects an unknown tensor type", async () => {
    const file = path.join(dir, "bad-type.gguf");
    await writeGguf(file, { metadata: [], tensors: [{ name: "t", shape: [4], type: GgmlType.F32, data: Buffer.alloc(16) }] });
    const bytes = await fs.readFile(file);
    // Tensor info: name (8 + 1), n_dims (4), dims (8), then the type.
    bytes.writeUInt32LE(200, 24 + 9 + 4 + 8);
    await expectGgufError(await writeBytes("bad-type-2.gguf", bytes), "corrupt", /unknown ggml type 200/);
  });
});
