// The browser tests share one stack, and chat.spec.ts signs the first admin up through the UI: it must run
// first, and Playwright runs files in name order. A spec named to sort before it breaks the whole suite.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

it("chat.spec.ts is the first browser spec by name", () => {
  const specs = fs
    .readdirSync(path.resolve(import.meta.dirname, "../tests/e2e"))
    .filter((name) => name.endsWith(".spec.ts"))
    .sort();
  expect(specs[0]).toBe("chat.spec.ts");
});
