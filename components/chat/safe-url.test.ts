import { describe, expect, it } from "vitest";
import { safeLinkHref } from "./safe-url";

describe("safeLinkHref", () => {
  it.each(["https://example.com/a?b=1", "http://example.com/", "mailto:ada@example.com"])("keeps %s", (href) => {
    expect(safeLinkHref(href)).toBe(href);
  });

  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "/api/conversations",
    "streamdown:incomplete-link",
    "file:///etc/passwd",
    undefined,
  ])("refuses %s", (href) => {
    expect(safeLinkHref(href)).toBeNull();
  });
});
