// Fails when a page or component shows text that does not come from the message catalogues: JSX text,
// a string in a shown attribute (placeholder, aria-label, title, alt, label), or a string literal
// rendered from an expression, in every .tsx file of app/ and components/.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SHOWN_ATTRIBUTES = new Set(["placeholder", "aria-label", "aria-description", "aria-placeholder", "title", "alt", "label"]);
const SHOWN_CALLS = new Set(["alert", "confirm", "prompt", "setError", "setNotice", "setStatus"]);
/** Words, not symbols: "×", "☰", "+", "·" and "▍" are fine without a catalogue. */
const hasWords = (text: string) => /\p{L}/u.test(text);

function isStringish(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
}

function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ");
  return node.text;
}

/** The string literals an expression can evaluate to directly (through ?:, &&, ||, ?? and parentheses). */
function shownLiterals(node: ts.Expression): Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression> {
  if (isStringish(node)) return [node];
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(
      node.operatorToken.kind,
    )
  ) {
    return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  }
  return [];
}

function findLiteralStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${fileName}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && node.initializer && SHOWN_ATTRIBUTES.has(node.name.getText(file))) {
      const value = node.initializer;
      if (ts.isStringLiteral(value) && hasWords(value.text)) report(value, value.text);
      if (ts.isJsxExpression(value) && value.expression) {
        for (const literal of shownLiterals(value.expression)) if (hasWords(literalText(literal))) report(literal, literalText(literal));
      }
    }
    // Children like {busy ? "Saving" : label}; attributes other than the shown ones are not text.
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const literal of shownLiterals(node.expression)) if (hasWords(literalText(literal))) report(literal, literalText(literal));
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (SHOWN_CALLS.has(name)) {
        for (const arg of node.arguments)
          for (const literal of shownLiterals(arg)) if (hasWords(literalText(literal))) report(literal, literalText(literal));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("no literal strings in the interface", () => {
  it("every text in app/ and components/ comes from the catalogues", () => {
    const files = [...tsxFiles(path.join(root, "app")), ...tsxFiles(path.join(root, "components"))];
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => findLiteralStrings(path.relative(root, file), fs.readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });

  it("catches text, shown attributes, conditional strings and alerts, and ignores classes and symbols", () => {
    const source = `
      export function X({ busy, t }) {
        window.alert(\`Deleted \${name}\`);
        return (
          <div className="text-sm text-zinc-500" data-testid="row" aria-label={t("ok")}>
            Hello there
            <input placeholder="Type here" aria-label={busy ? "Saving" : t("idle")} />
            {busy && "Working…"}
            <span>{"×"} · ▍ {t("fine")}</span>
          </div>
        );
      }`;
    expect(findLiteralStrings("x.tsx", source)).toEqual([
      'x.tsx:3: "Deleted"',
      'x.tsx:6: "Hello there"',
      'x.tsx:7: "Type here"',
      'x.tsx:7: "Saving"',
      'x.tsx:8: "Working…"',
    ]);
  });
});
