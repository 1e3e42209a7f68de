// Models write LaTeX math as \( … \) and \[ … \] as often as with dollars, but markdown reads "\(" as an escaped
// parenthesis: the math would show as plain "(a^2+b^2=c^2)". Rewritten to the dollar forms remark-math parses,
// outside code (where a backslash is literal), before the text reaches the renderer.

/** Fenced code blocks and inline code spans, which keep their backslashes as written. */
const CODE = /(^|\n)(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n\2[^\S\n]*(?=\n|$)|$)|(`+)[^`]*?\3/g;

function rewrite(prose: string): string {
  return (
    prose
      // Display math gets lines of its own: remark-math reads "$$" on its own line as a block.
      .replace(/\\\[([\s\S]+?)\\\]/g, (_all, body: string) => `\n$$\n${body.trim()}\n$$\n`)
      // Inline math: "$$x$$" within a line is inline math even with single-dollar math turned off (prices stay prices).
      .replace(/\\\(([^\n]+?)\\\)/g, (_all, body: string) => `$$${body.trim()}$$`)
  );
}

export function normalizeMathDelimiters(markdown: string): string {
  if (!markdown.includes("\\(") && !markdown.includes("\\[")) return markdown;
  let out = "";
  let last = 0;
  for (const match of markdown.matchAll(CODE)) {
    out += rewrite(markdown.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + rewrite(markdown.slice(last));
}
