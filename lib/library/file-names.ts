// File names from titles, which may hold anything (slashes, quotes, Chinese, control characters): safe on
// every file system, unique inside one archive, and sent in Content-Disposition as RFC 6266/5987 ask.

/** Names Windows refuses whatever their extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_NAME_CHARS = 80;

/** A name for a file from a title: no path, no characters any system forbids, never empty; ext without a dot. */
export function safeFileName(title: string, ext: string): string {
  const cleaned = title
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed here
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  // Cut on code points, never inside a surrogate pair.
  let base = [...cleaned]
    .slice(0, MAX_NAME_CHARS)
    .join("")
    .trim()
    .replace(/[.\s]+$/, "");
  if (!base || RESERVED.test(base)) base = base ? `${base}_` : "conversation";
  return `${base}.${ext}`;
}

/** Makes each name unique within one archive ("a.md", "a (2).md"), ignoring case as Windows and macOS do. */
export function uniqueNames(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

/** RFC 5987 attr-chars stay; everything else is percent-encoded UTF-8. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment` with an ASCII fallback name for old clients and the real one in filename*. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
