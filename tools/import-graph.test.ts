// The dependency rules of the tree, checked on every run rather than remembered: which folder may import
// which, no import cycles, nothing server-side in the browser bundle, and nothing the running app needs left
// out of the Docker image. A failure names the offending imports.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, type ImportGraph, reachable, readImports, sourceFiles, toGraph } from "./import-graph";

const ROOT = path.resolve(import.meta.dirname, "..");
const files = sourceFiles(ROOT);
const edges = readImports(ROOT, files);
const graph = toGraph(edges);
const sources = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
const isTest = (f: string) => /\.(test|spec)\.tsx?$/.test(f);
const top = (f: string) => (f.includes("/") ? (f.split("/")[0] as string) : f);

/** What the web and the worker run: the app, its components, lib, the worker, and the scripts and entry files the image starts. */
const RUNTIME = new Set(["app", "components", "lib", "worker", "prisma", "scripts", "proxy.ts", "instrumentation.ts", "next.config.ts"]);

function violations(from: (f: string) => boolean, to: (f: string) => boolean, g: ImportGraph = graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of g) {
    if (!from(file)) continue;
    for (const target of targets) if (to(target)) out.push(`${file} -> ${target}`);
  }
  return out;
}

describe("the import graph", () => {
  it("reads static, dynamic, re-exported and type-only imports through the @/ alias and relative paths", () => {
    expect(files.length).toBeGreaterThan(200);
    // Each kind of import, seen in files whose imports are known.
    expect(graph.get("lib/queries/models.ts")).toContain("lib/models/model-file.ts"); // relative
    expect(graph.get("worker/engine/probe.ts")).toContain("lib/env.ts"); // @/ and `import type`
    expect(graph.get("lib/i18n/catalogues.ts")).toContain("lib/i18n/messages/en.json");
    const dynamic = files.filter((file) => /await import\("[@.]/.test(sources.get(file) ?? ""));
    expect(dynamic.length).toBeGreaterThan(0);
  });

  it("finds a cycle when there is one, and names its files in order", () => {
    const g: ImportGraph = new Map([
      ["a.ts", new Set(["b.ts"])],
      ["b.ts", new Set(["c.ts"])],
      ["c.ts", new Set(["a.ts", "d.ts"])],
      ["d.ts", new Set()],
    ]);
    expect(cycles(g)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(cycles(new Map([["a.ts", new Set(["b.ts"])]]))).toEqual([]);
  });

  it("has no cycle, type-only imports included", () => {
    expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
  });
});

describe("dependencies point one way", () => {
  it("lib imports only lib (its tests aside): nothing from app, components, worker, or the prisma/ and scripts/ entry points", () => {
    expect(
      violations(
        (f) => top(f) === "lib" && !isTest(f),
        (t) => top(t) !== "lib",
      ),
    ).toEqual([]);
  });

  it("the worker imports nothing from app or components, and the app and its components nothing from the worker", () => {
    expect(
      violations(
        (f) => top(f) === "worker",
        (t) => ["app", "components"].includes(top(t)),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => ["app", "components"].includes(top(f)),
        (t) => top(t) === "worker",
      ),
    ).toEqual([]);
  });

  it("nothing outside tests/ imports from tests/ (benches and tests share testkit/)", () => {
    expect(
      violations(
        (f) => top(f) !== "tests",
        (t) => top(t) === "tests",
      ),
    ).toEqual([]);
  });

  it("runtime code imports no test, bench or developer tooling (tools/, testkit/, bench/)", () => {
    expect(
      violations(
        (f) => RUNTIME.has(top(f)) && !isTest(f),
        (t) => ["tools", "testkit", "bench"].includes(top(t)),
      ),
    ).toEqual([]);
  });
});

describe("what runs where", () => {
  it("nothing a browser component loads imports the server's environment, database, Redis or a server-only module", () => {
    const values = toGraph(edges, { values: true });
    const read = (f: string) => sources.get(f) ?? "";
    const clients = files.filter((f) => /^["']use client["']/.test(read(f).trimStart()));
    expect(clients.length).toBeGreaterThan(10);
    const server = (f: string) => ["lib/env.ts", "lib/db.ts", "lib/redis.ts"].includes(f) || /^import "server-only";/m.test(read(f));
    const loaded = reachable(values, clients);
    expect(violations((f) => loaded.has(f), server, values)).toEqual([]);
  });

  it("the runtime image copies every file it runs from source (the worker, migrations, backups)", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const runtimeStage = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
    const copied = new Set(
      [...runtimeStage.matchAll(/^COPY --from=build (?:--\S+ )*(.+) \S+$/gm)].flatMap((m) =>
        (m[1] as string).split(" ").map((p) => top(p.replace(/^\/app\//, ""))),
      ),
    );
    expect(copied).toContain("lib");
    // The web's pages, proxy.ts and instrumentation.ts are compiled into .next by `next build`; tsx runs these as they are.
    const entries = files.filter((f) => ["worker", "prisma", "scripts"].includes(top(f)) && !isTest(f));
    expect(entries).toContain("worker/engine/probe-child.ts");
    const missing = [...reachable(graph, entries)].filter((f) => !copied.has(top(f)));
    expect(missing).toEqual([]);
  });
});
