// Answers whose text the tests fix: generated "scripted" models that say exactly these texts through the real
// worker, so the browser renders them from the real stream.
import fs from "node:fs/promises";
import path from "node:path";
import { makeScriptedGguf } from "@/tools/gguf/scripted-model";

const LONG_LINK = `https://example.com/${"a-very-long-path-segment/".repeat(4)}${"x".repeat(10)}`;

/** Everything a rich answer has: heading, list, table, highlighted code, math, a long link and a very wide line. */
export const MARKDOWN_ANSWER = `## Baking bread at home

You need:

1. **Flour**, 500 g
2. Water, *lukewarm*
3. A pinch of \`salt\`

| Step | Time | Temperature | Tip |
|------|------|-------------|-----|
| Knead | 10 min | room | push-fold-turn-and-repeat-until-smooth |
| Rise | 2 h | 24 °C | cover-with-a-damp-cloth |
| Bake | 35 min | 230 °C | keep-the-oven-door-closed-for-twenty-minutes |

\`\`\`python
def loaves(flour_grams: int) -> float:
    return flour_grams / 500
\`\`\`

The dough doubles: $$V_{risen} = 2 V_0$$

$$
\\int_0^1 x^2 \\, dx = \\frac{1}{3}
$$

\`\`\`text
${"0123456789".repeat(16)}
\`\`\`

More at ${LONG_LINK} and in [the recipe](https://example.org/recipe).
`;

/** Markup that must stay inert: raw HTML, a javascript: link, a remote image, a data: link. */
export const TRICKY_ANSWER = `Careful now: <script>window.__pwned = 1</script> and <img src="http://evil.example/a.png" onerror="window.__pwned = 2">
and [click me](javascript:window.__pwned=3) and ![tracker](http://evil.example/x.png) and
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and <a href="http://evil.example/raw">raw link</a>
and <iframe src="http://evil.example/frame"></iframe> done.
`;

/** LaTeX math in \\( \\) as models write it, and an odd number of "__" that must reach the screen unchanged. */
export const MATH_ANSWER = `By Pythagoras, \\(a^2+b^2=c^2\\) for every right triangle.

Call __init__ first, then fill __ blanks.
`;

export const MARKDOWN_MODEL_FILE = "scripted/markdown.gguf";
export const MATH_MODEL_FILE = "scripted/math.gguf";
export const TRICKY_MODEL_FILE = "scripted/tricky.gguf";

export async function makeScriptedModels(modelsDir: string): Promise<void> {
  await fs.mkdir(path.join(modelsDir, "scripted"), { recursive: true });
  await makeScriptedGguf({ out: path.join(modelsDir, MARKDOWN_MODEL_FILE), script: MARKDOWN_ANSWER, ctx: 1024 });
  await makeScriptedGguf({ out: path.join(modelsDir, TRICKY_MODEL_FILE), script: TRICKY_ANSWER, ctx: 1024 });
  await makeScriptedGguf({ out: path.join(modelsDir, MATH_MODEL_FILE), script: MATH_ANSWER, ctx: 1024 });
}
