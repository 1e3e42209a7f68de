// Reading files through the real libraries (pdfjs-dist, mammoth, fflate) on generated fixtures.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentKind } from "@/lib/documents/kinds";
import { makeDocx, makePdf, malformedPdf, plainZip, zipBombDocx } from "@/testkit/documents";
import { DocumentFailure, htmlToText, readDocument } from "./read";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-read-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function read(bytes: Buffer, kind: DocumentKind, maxPages = 100) {
  const file = path.join(dir, `f-${Math.random()}`);
  await fs.writeFile(file, bytes);
  const seen: number[] = [];
  const pages = await readDocument(file, kind, { maxPages, onPage: async (done) => void seen.push(done) });
  return { pages, seen };
}

async function failure(bytes: Buffer, kind: DocumentKind, maxPages = 100) {
  const error = await read(bytes, kind, maxPages).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentFailure);
  return (error as DocumentFailure).failure;
}

describe("readDocument", () => {
  it("reads a PDF's text page by page, with page numbers", async () => {
    const pdf = makePdf({
      pages: [["The boiler is in the cellar."], ["Warranty code XK-4471-B lasts five years."], ["Call the plumber."]],
    });
    const { pages, seen } = await read(pdf, "pdf");
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[1]?.text).toContain("XK-4471-B");
    expect(seen).toEqual([1, 2, 3]);
  }, 60_000);

  it("reads a Chinese PDF in a CID font, by its ToUnicode map and by Adobe's CMaps alike", async () => {
    const lines = [["锅炉的保修期是五年。"], ["保修编号 XK-4471-B，请致电水管工。"]];
    for (const cjk of ["identity", "cmap"] as const) {
      const { pages } = await read(makePdf({ pages: lines, cjk }), "pdf");
      expect(
        pages.map((p) => p.text.trim()),
        cjk,
      ).toEqual(["锅炉的保修期是五年。", "保修编号 XK-4471-B，请致电水管工。"]);
    }
  }, 60_000);

  it("reads a DOCX, Chinese included", async () => {
    const { pages } = await read(makeDocx(["锅炉的保修期是五年。", "Second paragraph."]), "docx");
    expect(pages[0]?.text).toContain("锅炉的保修期是五年。");
    expect(pages[0]?.text).toContain("Second paragraph.");
  }, 60_000);

  it("gives each bad file its reason", async () => {
    expect((await failure(makePdf({ pages: [["secret"]], encrypted: true }), "pdf")).key).toBe("documentEncrypted");
    expect((await failure(malformedPdf(), "pdf")).key).toBe("documentMalformed");
    expect((await failure(makePdf({ pages: [[""]], noText: true }), "pdf")).key).toBe("documentNoText");
    const sixPages = makePdf({ pages: Array.from({ length: 6 }, (_, i) => [`page ${i + 1}`]) });
    expect(await failure(sixPages, "pdf", 5)).toEqual({ key: "documentTooManyPages", values: { pages: 6, limit: 5 } });
    expect((await failure(zipBombDocx(), "docx")).key).toBe("documentZipBomb");
    expect((await failure(plainZip(), "docx")).key).toBe("documentNotDocx");
    expect((await failure(Buffer.from([0xff, 0xfe, 0x41]), "text")).key).toBe("documentMalformed");
    expect((await failure(Buffer.from("   \n  "), "text")).key).toBe("documentEmpty");
  }, 60_000);

  it("turns HTML into its readable text, scripts left out", () => {
    const text = htmlToText("<html><script>alert(1)</script><p>Fish &amp; chips</p><div>n&#176;5</div></html>");
    expect(text).toContain("Fish & chips");
    expect(text).toContain("n°5");
    expect(text).not.toContain("alert");
  });
});
