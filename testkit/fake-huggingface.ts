// A fake Hugging Face: a local HTTP server standing in for the Hub in tests and benches: resolve (GET/HEAD with
// Range), the file tree API with sha256, and knobs for slow, broken or redirecting answers. Never the internet.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

type HubFile = { path: string; size: number; sha256: string };

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
  /** Serves `filePath` as `repo`/`name`. `sha256` overrides the advertised hash (to test a mismatch). */
  addFile: (repo: string, name: string, filePath: string, options?: { sha256?: string }) => Promise<void>;
  /** Answers this path with a redirect to `location`. */
  redirect: (path: string, location: string) => void;
  setSpeed: (bytesPerSecond: number) => void;
  /** Range headers of the file downloads seen so far (null = whole file). */
  ranges: () => (string | null)[];
  /** File bytes written to clients so far. */
  bytesSent: () => number;
  close: () => Promise<void>;
};

async function sha256File(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function startFakeHuggingFace(options: HubOptions = {}): Promise<FakeHuggingFace> {
  const repos = new Map<string, Map<string, HubFile>>();
  const redirects = new Map<string, string>();
  const ranges: (string | null)[] = [];
  const sent = { bytes: 0 };
  let speed = options.bytesPerSecond ?? 0;
  const sharedPacer = pacer(() => speed);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const target = redirects.get(url.pathname);
    if (target) {
      res.writeHead(302, { location: target }).end();
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
      const sha256 = fileOptions.sha256 ?? (await sha256File(filePath));
      if (!repos.has(repo)) repos.set(repo, new Map());
      repos.get(repo)?.set(name, { path: name, size: stat.size, sha256 });
      fileSources.set(repos.get(repo)?.get(name) as HubFile, filePath);
    },
    redirect: (path, location) => redirects.set(path, location),
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
    "x-linked-size": file.size,
  };
  const range = req.headers.range?.match(/^bytes=(\d+)-(\d*)$/);
  let start = 0;
  let end = file.size - 1;
  if (range) {
    start = Number(range[1]);
    end = range[2] ? Math.min(Number(range[2]), file.size - 1) : file.size - 1;
    if (start >= file.size) return void res.writeHead(416, { "content-range": `bytes */${file.size}` }).end();
    headers["content-range"] = `bytes ${start}-${end}/${file.size}`;
  }
  headers["content-length"] = end - start + 1;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD") return void res.end();
  ranges.push(req.headers.range ?? null);
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
  stream.on("end", () => res.end());
  res.on("close", () => stream.destroy());
}
