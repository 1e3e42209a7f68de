// The README renders and its project layout matches the tree: one unclosed code fence once turned everything
// after the benchmarks, layout included, into one code block, and folders were added without a line there.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const lines = readme.split("\n");

/** Each line's place: inside a fenced code block or not (CommonMark: a fence closes with the same run of backticks, nothing after). */
function fenceStates(): { inCode: boolean[]; open: number | null } {
  const inCode: boolean[] = [];
  let fence: string | null = null;
  let open: number | null = null;
  for (const [i, line] of lines.entries()) {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence === null && match) {
      fence = match[1] as string;
      open = i + 1;
      inCode.push(true);
    } else if (fence !== null && match && (match[1] as string).startsWith(fence) && (match[2] as string).trim() === "") {
      fence = null;
      open = null;
      inCode.push(true);
    } else inCode.push(fence !== null);
  }
  return { inCode, open };
}

/** The lines of a `## ` section, up to the next one. */
function section(title: string): string {
  const start = lines.indexOf(`## ${title}`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** Folders git keeps (build output, dependencies and local data are ignored). */
function folders(dir: string): string[] {
  const ignored = new Set(["node_modules", "generated", "test-results", "playwright-report", "models", "data", "backups", "tmp"]);
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !ignored.has(e.name))
    .map((e) => e.name);
}

describe("README.md", () => {
  it("closes every code fence, and no section heading sits inside one", () => {
    const { inCode, open } = fenceStates();
    expect(open, "line of a code fence that is never closed").toBeNull();
    const swallowed = lines.filter((l, i) => /^#{1,3} /.test(l) && inCode[i] && !/^# /.test(l));
    expect(swallowed).toEqual([]);
    // The layout table is Markdown, not code.
    const table = lines.findIndex((l) => l.startsWith("| `app/`"));
    expect(table).toBeGreaterThan(0);
    expect(inCode[table]).toBe(false);
  });

  it("says nothing twice: no sentence of prose repeated", () => {
    const { inCode } = fenceStates();
    const prose = lines.filter((l, i) => !inCode[i] && !l.startsWith("|")).join(" ");
    const sentences = prose
      .replace(/\s+/g, " ")
      .split(/(?<=[.:!?])\s/)
      .map((s) => s.trim())
      .filter((s) => s.length > 60);
    const twice = sentences.filter((s, i) => sentences.indexOf(s) !== i);
    expect(twice).toEqual([]);
  });

  it("names every top-level folder and every lib/ folder in its project layout", () => {
    const layout = section("Project layout");
    const expected = [...folders("").map((f) => `${f}/`), ...folders("lib").map((f) => `lib/${f}/`), "lib/generated/"];
    expect(expected).toContain("testkit/");
    const missing = [...new Set(expected)].filter((f) => !layout.includes(`\`${f}\``));
    expect(missing).toEqual([]);
  });

  it("lists every bench script in its benchmarks section", () => {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>);
    const benches = scripts.filter((s) => s.startsWith("bench:"));
    expect(benches.length).toBeGreaterThanOrEqual(7);
    const listed = section("Benchmarks");
    expect(benches.filter((b) => !listed.includes(`npm run ${b} `))).toEqual([]);
  });
});
