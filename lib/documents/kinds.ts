// What kind of file a member's upload is, told by its bytes (never by its name alone): PDF, DOCX, or text
// (plain, Markdown, CSV, HTML, source code). Pure: shared by the upload route, the worker and their tests.

export type DocumentKind = "pdf" | "docx" | "html" | "text";

export const DOCUMENT_MIME: Record<DocumentKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html",
  text: "text/plain",
};

/** The kind a stored file's type stands for (text when it is none of the others). */
export function kindOfMime(mime: string): DocumentKind {
  return (Object.keys(DOCUMENT_MIME) as DocumentKind[]).find((kind) => DOCUMENT_MIME[kind] === mime) ?? "text";
}

/** How many leading bytes the check reads. */
export const SNIFF_BYTES = 64 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * The kind from the file's first bytes; null when it is none Hearth reads (an image, an executable, an old
 * binary .doc…). A zip is taken for DOCX here; the worker checks it holds `word/document.xml`. Text must be
 * valid UTF-8 without NUL bytes (the cut at SNIFF_BYTES may split one character, which is allowed).
 */
export function sniffKind(head: Uint8Array, name: string): DocumentKind | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return "pdf"; // %PDF
  if (startsWith(head, ZIP)) return "docx";
  if (head.includes(0)) return null;
  if (!isUtf8Prefix(head)) return null;
  const start = new TextDecoder().decode(head.subarray(0, 1024)).trimStart().toLowerCase();
  if (/\.html?$/i.test(name) || start.startsWith("<!doctype html") || start.startsWith("<html")) return "html";
  return "text";
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Valid UTF-8, allowing a character cut at the very end (the head of a longer file). */
export function isUtf8Prefix(bytes: Uint8Array): boolean {
  for (let cut = 0; cut <= 3 && cut < bytes.length + 1; cut++) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {}
  }
  return false;
}
