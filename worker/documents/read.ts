// A member's file into text, page by page: PDF (pdfjs-dist, CJK maps included), DOCX (mammoth, after a zip
// bomb check), HTML and plain text. Every way a file can be bad ends in a DocumentFailure with its reason.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { unzipSync } from "fflate";
import type { PageText } from "@/lib/documents/chunk";
import type { DocumentKind } from "@/lib/documents/kinds";
import type { Failure } from "@/lib/i18n/failure";

/** Most a DOCX may unpack to: its text is a small part of that; a zip bomb is far more. */
export const DOCX_MAX_UNPACKED_BYTES = 200 * 1024 ** 2;

export class DocumentFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.key);
  }
}

export type ReadOptions = {
  maxPages: number;
  /** Called after each page (or the whole file) is read: progress, and a moment for chat tokens to pass. */
  onPage: (done: number, total: number) => Promise<void>;
};

export async function readDocument(file: string, kind: DocumentKind, options: ReadOptions): Promise<PageText[]> {
  const bytes = new Uint8Array(await fs.readFile(file));
  if (bytes.length === 0) throw new DocumentFailure({ key: "documentEmpty" });
  const pages = await readKind(bytes, kind, options);
  if (!pages.some((p) => /[\p{L}\p{N}]/u.test(p.text)))
    throw new DocumentFailure({ key: kind === "pdf" ? "documentNoText" : "documentEmpty" });
  return pages;
}

async function readKind(bytes: Uint8Array, kind: DocumentKind, options: ReadOptions): Promise<PageText[]> {
  if (kind === "pdf") return readPdf(bytes, options);
  if (kind === "docx") return [{ page: null, text: await readDocx(bytes) }];
  const text = utf8(bytes);
  await options.onPage(1, 1);
  return [{ page: null, text: kind === "html" ? htmlToText(text) : text }];
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentFailure({ key: "documentMalformed", values: { detail: "not UTF-8 text" } });
  }
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

async function readPdf(bytes: Uint8Array, options: ReadOptions): Promise<PageText[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    data: bytes,
    cMapUrl: `${path.join(pdfjsRoot, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsRoot, "standard_fonts")}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const pdf = await task.promise.catch((error: Error) => {
    if (error.name === "PasswordException") throw new DocumentFailure({ key: "documentEncrypted" });
    throw new DocumentFailure({ key: "documentMalformed", values: { detail: error.message } });
  });
  try {
    if (pdf.numPages > options.maxPages)
      throw new DocumentFailure({ key: "documentTooManyPages", values: { pages: pdf.numPages, limit: options.maxPages } });
    const pages: PageText[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      pages.push({ page: n, text });
      page.cleanup();
      await options.onPage(n, pdf.numPages);
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

async function readDocx(bytes: Uint8Array): Promise<string> {
  let unpacked = 0;
  let hasBody = false;
  try {
    // Sizes from the zip's directory only: nothing is inflated here (the filter says no to every entry).
    unzipSync(bytes, {
      filter: (entry) => {
        unpacked += entry.originalSize;
        if (entry.name === "word/document.xml") hasBody = true;
        return false;
      },
    });
  } catch (error) {
    throw new DocumentFailure({ key: "documentMalformed", values: { detail: (error as Error).message } });
  }
  if (unpacked > DOCX_MAX_UNPACKED_BYTES) throw new DocumentFailure({ key: "documentZipBomb", values: { limit: DOCX_MAX_UNPACKED_BYTES } });
  if (!hasBody) throw new DocumentFailure({ key: "documentNotDocx" });
  const mammoth = await import("mammoth");
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) }).catch((error: Error) => {
    throw new DocumentFailure({ key: "documentMalformed", values: { detail: error.message } });
  });
  return result.value;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The readable text of a page: scripts, styles and tags gone, blocks on lines of their own. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<\/?(p|div|br|li|tr|h[1-6]|section|article|table|ul|ol|blockquote|pre)\b[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith("#x") || code.startsWith("#X")) return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
      if (code.startsWith("#")) return String.fromCodePoint(Number(code.slice(1)));
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+/g, " ");
}
