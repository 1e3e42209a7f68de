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

/** What one file imports; `typeOnly` when every name it takes is a type (erased when compiled). */
export function importsOf(root: string, file: string): { target: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found = new Map<string, boolean>();
  const add = (specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const target = resolveImport(root, file, specifier.text);
    if (!target || target === file) return;
    found.set(target, (found.get(target) ?? true) && typeOnly);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named?.length && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found].map(([target, typeOnly]) => ({ target, typeOnly }));
}

export type ImportEdges = Map<string, { target: string; typeOnly: boolean }[]>;

/** Every file's imports, parsed once; turn them into graphs with toGraph. */
export function readImports(root: string, files = sourceFiles(root)): ImportEdges {
  return new Map(files.map((file) => [file, importsOf(root, file)]));
}

/** file → the files it imports. With `values: true`, only imports that survive compilation (no `import type`). */
export function toGraph(edges: ImportEdges, options: { values?: boolean } = {}): ImportGraph {
  return new Map(
    [...edges].map(([file, imports]) => [file, new Set(imports.filter((i) => !(options.values && i.typeOnly)).map((i) => i.target))]),
  );
}

export function importGraph(root: string, options: { files?: string[]; values?: boolean } = {}): ImportGraph {
  return toGraph(readImports(root, options.files), options);
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
