// The answer renderer on its own (server-rendered, as the page's first paint is): math in every delimiter
// models use, and a finished answer shown exactly as written.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";
import { normalizeMathDelimiters } from "./math-delimiters";

const render = (text: string, streaming = false) => renderToString(createElement(Markdown, { text, streaming }));
/** What a reader sees: the HTML's text, without KaTeX's hidden MathML copy. */
const visibleText = (html: string) =>
  html
    .replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#x27;", "'");

describe("math", () => {
  it("typesets \\( … \\) inline, not as parentheses around raw TeX", () => {
    const html = render("By Pythagoras, \\(a^2+b^2=c^2\\) for a right triangle.");
    expect(html).toContain('<annotation encoding="application/x-tex">a^2+b^2=c^2</annotation>');
    expect(html).not.toContain("katex-display");
    expect(visibleText(html)).not.toContain("(a^2");
  });

  it("typesets \\[ … \\] as display math", () => {
    const html = render("Energy:\n\\[\nE = mc^2\n\\]\nthat is all.");
    expect(html).toContain("katex-display");
    expect(html).toContain('<annotation encoding="application/x-tex">E = mc^2</annotation>');
    expect(visibleText(html)).toContain("that is all.");
  });

  it("leaves backslashes in code as written", () => {
    const source = "Escape it as `\\(x\\)` in LaTeX:\n\n```tex\n\\(y\\)\n```\n";
    expect(normalizeMathDelimiters(source)).toBe(source);
    const html = render(source);
    expect(html).not.toContain("katex");
    expect(html).toContain("\\(x\\)");
  });

  it("keeps dollar amounts as text", () => {
    expect(visibleText(render("It costs $5 and $10."))).toBe("It costs $5 and $10.");
  });
});

describe("a finished answer", () => {
  it("is shown as written: an odd number of __ gets no closing __ added", () => {
    const source = "Call __init__ first, then fill __ blanks.";
    expect(visibleText(render(source))).toBe("Call init first, then fill __ blanks.");
  });

  it("while it streams, unfinished markup is still closed so half an answer does not flash raw markers", () => {
    expect(render("This is **bold so far", true)).toContain('data-streamdown="strong"');
  });
});
