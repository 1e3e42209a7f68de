// Hearth's own import graph, read from the source (static imports, `export … from`, dynamic `import()` and
// `import type` alike: a type-only cycle still ties two modules together for the next person who edits them).
// Used by tools/import-graph.test.ts, which holds the dependency rules, and by the Dockerfile check.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ImportGraph = Map<string, Set<string>>;

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const SKIP = new Set(["node_modules", ".next", ".git", "generated", "test-results", "playwright-report"]);
const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".mjs", ".js", "/index.ts", "/index.tsx"];

/** Every source file under root (relative, with forward slashes), skipping build output and generated code. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/** The file an import names, or null for a package (or anything outside the tree). `@/` is the repository root. */
export function resolveImport(root: string, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return null;
}

export function importsOf(root: string, file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const info = ts.preProcessFile(text, true, true);
  const found = new Set<string>();
  for (const ref of info.importedFiles) {
    const target = resolveImport(root, file, ref.fileName);
    if (target && target !== file) found.add(target);
  }
  return [...found];
}

export function importGraph(root: string, files = sourceFiles(root)): ImportGraph {
  return new Map(files.map((file) => [file, new Set(importsOf(root, file))]));
}

/** Strongly connected components of more than one file (Tarjan), each as one cycle through all of its files' order. */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(cyclePath(graph, component.sort()));
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

/** One concrete loop inside a component, a → b → … → a, so the report names the imports to cut. */
function cyclePath(graph: ImportGraph, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0] as string) as string);
        return [...loop, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

/** Every file reachable from the entry points. */
export function reachable(graph: ImportGraph, entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const v = queue.pop() as string;
    if (seen.has(v)) continue;
    seen.add(v);
    for (const w of graph.get(v) ?? []) queue.push(w);
  }
  return seen;
}
