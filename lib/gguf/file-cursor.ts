import type fs from "node:fs/promises";
import { GgufError } from "./error";

const CHUNK = 256 * 1024;

/** A forward-only view over the file that keeps one window of it in a buffer which grows as needed. */
export class FileCursor {
  pos = 0;
  context = "the header";
  private buf = Buffer.alloc(CHUNK);
  private bufStart = 0;
  private bufLen = 0;

  constructor(
    private readonly fh: fs.FileHandle,
    readonly fileSize: number,
    private readonly filePath: string,
  ) {}

  truncated(): GgufError {
    return new GgufError(
      "truncated",
      `${this.filePath} is cut short: it ends at byte ${this.fileSize} while reading ${this.context}. The file is incomplete (an interrupted download or copy?).`,
    );
  }

  skip(n: number): void {
    if (this.pos + n > this.fileSize) throw this.truncated();
    this.pos += n;
  }

  /** Makes `n` bytes at `pos` available and returns their index in the buffer. */
  async take(n: number): Promise<[Buffer, number]> {
    if (this.pos < this.bufStart || this.pos + n > this.bufStart + this.bufLen) await this.fill(n);
    const at = this.pos - this.bufStart;
    this.pos += n;
    return [this.buf, at];
  }

  private async fill(n: number): Promise<void> {
    if (this.pos + n > this.fileSize) throw this.truncated();
    if (this.buf.length < n) this.buf = Buffer.alloc(Math.max(n, this.buf.length * 2));
    const want = Math.min(this.buf.length, this.fileSize - this.pos);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(this.buf, got, want - got, this.pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.bufStart = this.pos;
    this.bufLen = got;
    if (got < n) throw this.truncated();
  }

  async u32(): Promise<number> {
    const [b, at] = await this.take(4);
    return b.readUInt32LE(at);
  }

  async u64(): Promise<bigint> {
    const [b, at] = await this.take(8);
    return b.readBigUInt64LE(at);
  }

  async count(what: string, max: number): Promise<number> {
    const n = await this.u64();
    if (n > BigInt(max))
      throw new GgufError(
        "corrupt",
        `${this.filePath} has an implausible ${what} (${n}, limit ${max}) in ${this.context}; the header is damaged.`,
      );
    return Number(n);
  }

  async string(max: number): Promise<string> {
    const len = await this.count("string length", max);
    const [b, at] = await this.take(len);
    return b.toString("utf8", at, at + len);
  }

  async skipString(max: number): Promise<void> {
    this.skip(await this.count("string length", max));
  }
}
