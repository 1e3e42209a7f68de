// A fake Hugging Face: a local HTTP server standing in for the Hub in tests and benches: resolve (GET/HEAD with
// Range), the file tree API with sha256, and knobs for slow, broken or redirecting answers. Never the internet.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** `size` and `sha256` are what the file tree lists; `servedSize` is how many bytes a download sends. */
type HubFile = { path: string; size: number; sha256: string; servedSize: number; dropAfter: number | null };

export type AddFileOptions = {
  /** Overrides the advertised hash (to test a mismatch). */
  sha256?: string;
  /** Lists the file with this size and the SHA-256 of its first `size` bytes, yet serves it whole. */
  listedSize?: number;
  /** The first download of the file ends its connection after this many bytes (a dropped line). */
  dropFirstAfter?: number;
};

export type HubOptions = {
  /** Bytes per second each download is held to (0 = as fast as possible). */
  bytesPerSecond?: number;
  /** Hold the whole server, not each connection, to `bytesPerSecond` (like one home internet line). */
  shared?: boolean;
};

/** Paces writes: returns how long to wait before sending `bytes` more. */
type Pacer = (bytes: number) => number;

function pacer(bytesPerSecond: () => number): Pacer {
  let nextFree = 0;
  return (bytes) => {
    const speed = bytesPerSecond();
    if (!speed) return 0;
    const start = Math.max(Date.now(), nextFree);
    nextFree = start + (bytes / speed) * 1000;
    return nextFree - Date.now();
  };
}

export type FakeHuggingFace = {
  url: string;
  /** Serves `filePath` as `repo`/`name`. */
  addFile: (repo: string, name: string, filePath: string, options?: AddFileOptions) => Promise<void>;
  /** Answers this path with a redirect to `location`; with `fromRequest`, only from that request on (1 = first). */
  redirect: (path: string, location: string, options?: { fromRequest?: number }) => void;
  setSpeed: (bytesPerSecond: number) => void;
  /** Range headers of the file downloads seen so far (null = whole file). */
  ranges: () => (string | null)[];
  /** File bytes written to clients so far. */
  bytesSent: () => number;
  close: () => Promise<void>;
};

async function sha256File(filePath: string, end?: number): Promise<string> {
  const hash = createHash("sha256");
  const range = end === undefined ? {} : { start: 0, end: end - 1 };
  for await (const chunk of fs.createReadStream(filePath, range)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function startFakeHuggingFace(options: HubOptions = {}): Promise<FakeHuggingFace> {
  const repos = new Map<string, Map<string, HubFile>>();
  const redirects = new Map<string, { location: string; fromRequest: number }>();
  const requestsByPath = new Map<string, number>();
  const ranges: (string | null)[] = [];
  const sent = { bytes: 0 };
  let speed = options.bytesPerSecond ?? 0;
  const sharedPacer = pacer(() => speed);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const seen = (requestsByPath.get(url.pathname) ?? 0) + 1;
    requestsByPath.set(url.pathname, seen);
    const target = redirects.get(url.pathname);
    if (target && seen >= target.fromRequest) {
      res.writeHead(302, { location: target.location }).end();
      return;
    }
    const tree = url.pathname.match(/^\/api\/models\/([^/]+\/[^/]+)\/tree\/main\/?$/);
    if (tree) {
      const files = repos.get(decodeURIComponent(tree[1] ?? ""));
      if (!files) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Repository not found"}');
      const body = [...files.values()].map((f) => ({
        type: "file",
        path: f.path,
        size: f.size,
        oid: createHash("sha1").update(f.path).digest("hex"),
        lfs: { oid: f.sha256, size: f.size, pointerSize: 134 },
      }));
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    }
    const resolve = url.pathname.match(/^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/);
    const file = resolve ? repos.get(decodeURIComponent(resolve[1] ?? ""))?.get(decodeURIComponent(resolve[2] ?? "")) : undefined;
    if (!file) return void res.writeHead(404).end("Entry not found");
    serveFile(req, res, file, options.shared ? sharedPacer : pacer(() => speed), ranges, sent);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    addFile: async (repo, name, filePath, fileOptions = {}) => {
      const stat = await fs.promises.stat(filePath);
      const size = fileOptions.listedSize ?? stat.size;
      const sha256 = fileOptions.sha256 ?? (await sha256File(filePath, size));
      if (!repos.has(repo)) repos.set(repo, new Map());
      const file = { path: name, size, sha256, servedSize: stat.size, dropAfter: fileOptions.dropFirstAfter ?? null };
      repos.get(repo)?.set(name, file);
      fileSources.set(file, filePath);
    },
    redirect: (path, location, redirectOptions = {}) => redirects.set(path, { location, fromRequest: redirectOptions.fromRequest ?? 1 }),
    setSpeed: (bytesPerSecond) => {
      speed = bytesPerSecond;
    },
    ranges: () => [...ranges],
    bytesSent: () => sent.bytes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fileSources = new WeakMap<HubFile, string>();

function serveFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: HubFile,
  pace: Pacer,
  ranges: (string | null)[],
  sent: { bytes: number },
) {
  const source = fileSources.get(file) as string;
  const headers: Record<string, string | number> = {
    "content-type": "application/octet-stream",
    "accept-ranges": "bytes",
    etag: `"${file.sha256}"`,
    "x-linked-size": file.servedSize,
  };
  const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
  const size = file.servedSize;
  let start = 0;
  let end = size - 1;
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size) return void res.writeHead(416, { "content-range": `bytes */${size}` }).end();
    headers["content-range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["content-length"] = end - start + 1;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD") return void res.end();
  ranges.push(req.headers.range ?? null);
  // A dropped line: this download stops after `dropAfter` bytes (only the first one the whole file could feed).
  let dropAt: number | null = null;
  if (file.dropAfter !== null && end - start + 1 > file.dropAfter) {
    dropAt = start + file.dropAfter;
    file.dropAfter = null;
    end = dropAt - 1;
  }
  const stream = fs.createReadStream(source, { start, end, highWaterMark: 64 * 1024 });
  stream.on("data", (chunk) => {
    sent.bytes += chunk.length;
    const ok = res.write(chunk);
    const wait = pace(chunk.length);
    if (wait > 0 || !ok) {
      stream.pause();
      const resume = () => setTimeout(() => stream.resume(), Math.max(0, wait));
      if (ok) resume();
      else res.once("drain", resume);
    }
  });
  stream.on("end", () => (dropAt !== null && end === dropAt - 1 ? res.destroy() : res.end()));
  res.on("close", () => stream.destroy());
}
