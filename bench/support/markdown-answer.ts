// A long, varied markdown answer (headings, lists, tables, code, math) cut into token-sized pieces.

const LANGUAGES = ["ts", "python", "bash", "json", "rust"] as const;

function section(i: number): string {
  const lang = LANGUAGES[i % LANGUAGES.length];
  return `## Part ${i + 1}: keeping the fire going

A hearth needs **dry wood**, some *kindling* and patience. Step ${i + 1} builds on the last one, and \`logs.length\` matters.

- Split the wood into pieces about ${i + 5} cm thick
- Keep the damper open until the fire draws
  - then close it halfway
- Never leave it alone

| Wood | Heat (kWh/kg) | Smoke |
|------|---------------|-------|
| Oak | 4.${i % 10} | low |
| Birch | 4.${(i + 3) % 10} | low |
| Pine | 4.${(i + 6) % 10} | high |

\`\`\`${lang}
// step ${i + 1}
const logs = Array.from({ length: ${i + 3} }, (_, n) => ({ id: n, dry: n % 2 === 0 }));
for (const log of logs) console.log(log.id, log.dry ? "burn" : "wait");
\`\`\`

The heat grows with the square of the draft: $$Q = k \\cdot v^2$$ and over an evening

$$
E = \\int_0^{T} P(t)\\,dt \\approx ${i + 2}\\,\\text{kWh}
$$

> A watched fire never burns down. See [the guide](https://example.org/fire/${i}).

`;
}

/** `tokens` pieces of about four characters each, like a model's tokens. */
export function benchAnswer(tokens: number): string[] {
  let text = "";
  for (let i = 0; text.length < tokens * 4; i++) text += section(i);
  const pieces: string[] = [];
  for (let i = 0; i < tokens; i++) pieces.push(text.slice(i * 4, i * 4 + 4));
  return pieces;
}
