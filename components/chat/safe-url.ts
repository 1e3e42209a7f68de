// Which addresses from an answer may become a link. Everything else (javascript:, data:, relative paths that would
// hit Hearth itself, streamdown's placeholder for a half-written link) is shown as plain text.
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function safeLinkHref(href: unknown): string | null {
  if (typeof href !== "string") return null;
  try {
    const url = new URL(href.trim());
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
