// Files for the documents tests and bench, generated on the spot: text PDFs written by hand (Latin text in the
// standard Helvetica font; Chinese in a CID font, as Chinese PDFs have it), a DOCX as a zip of its XML parts, and
// the bad ones (encrypted, malformed, no text, a zip bomb). pdfjs counts a PDF's real pages when its /Count
// lies, so a file over the page cap is written with that many pages.
import { randomBytes } from "node:crypto";
import { strToU8, zipSync } from "fflate";

type PdfOptions = {
  /** The pages, each a list of lines. */
  pages: string[][];
  /** Claims a password (a standard security handler whose check no empty password passes). */
  encrypted?: boolean;
  /** Pages that draw a rectangle and hold no text (like a scan). */
  noText?: boolean;
  /**
   * Chinese (any text) in a Type0 font over the non-embedded CID font STSong-Light (Adobe-GB1), as a reader
   * must take it from the PDF: "identity" codes each character by a CID of its own with a ToUnicode map (what
   * subset fonts do); "cmap" writes UTF-16 under the predefined UniGB-UTF16-H encoding and no ToUnicode, so
   * the text comes out only through Adobe's CMap files (pdfjs's cMapUrl).
   */
  cjk?: "identity" | "cmap";
};

const hex4 = (n: number) => n.toString(16).padStart(4, "0");
const utf16Hex = (text: string) => Buffer.from(text, "utf16le").swap16().toString("hex");

/** Each distinct character of the text its own CID (1, 2, …), in order of first use. */
function cidsOf(pages: string[][]): Map<string, number> {
  const cids = new Map<string, number>();
  for (const line of pages.flat()) for (const char of line) if (!cids.has(char)) cids.set(char, cids.size + 1);
  return cids;
}

/** A ToUnicode CMap: CID (two bytes) → the character, in blocks of at most 100 as the CMap syntax allows. */
function toUnicodeCmap(cids: Map<string, number>): string {
  const entries = [...cids].map(([char, cid]) => `<${hex4(cid)}> <${utf16Hex(char)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
    "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ...blocks,
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
}

/** How a line is written in a text object: a literal string in Helvetica, hex codes in the CID font. */
function lineWriter(options: PdfOptions): (line: string) => string {
  if (options.cjk === "cmap") return (line) => `<${utf16Hex(line)}>`;
  if (options.cjk === "identity") {
    const cids = cidsOf(options.pages);
    return (line) => `<${[...line].map((c) => hex4(cids.get(c) ?? 0)).join("")}>`;
  }
  return pdfString;
}

function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, "\\$&")})`;
}

export function makePdf(options: PdfOptions): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const pageCount = options.pages.length;
  const firstPage = 4;
  add("<< /Type /Catalog /Pages 2 0 R >>");
  const kids = options.pages.map((_, i) => `${firstPage + i * 2} 0 R`).join(" ");
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`);
  // The CID font's own objects follow the pages.
  const cidFont = firstPage + pageCount * 2;
  if (!options.cjk) add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  else {
    const encoding = options.cjk === "identity" ? `/Identity-H /ToUnicode ${cidFont + 2} 0 R` : "/UniGB-UTF16-H";
    add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding ${encoding} /DescendantFonts [${cidFont} 0 R] >>`);
  }
  const write = lineWriter(options);
  for (const [i, lines] of options.pages.entries()) {
    const content = options.noText
      ? "0.5 g 72 400 300 200 re f"
      : `BT /F1 12 Tf 14 TL 72 720 Td ${lines.map((line) => `${write(line)} Tj T*`).join(" ")} ET`;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${firstPage + i * 2 + 1} 0 R >>`,
    );
    add(stream(content));
  }
  if (options.cjk) {
    add(
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${cidFont + 1} 0 R /DW 1000 >>`,
    );
    add(
      "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    );
    add(stream(toUnicodeCmap(cidsOf(options.pages))));
  }
  let encrypt = "";
  if (options.encrypted) {
    const hex = (n: number) => randomBytes(n).toString("hex");
    add(`<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -4 >>`);
    encrypt = ` /Encrypt ${objects.length} 0 R /ID [<${hex(16)}> <${hex(16)}>]`;
  }
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

export function malformedPdf(): Buffer {
  return Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nthis is not a PDF body\n", "latin1");
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

function documentXml(paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A Word document: the three parts Word itself needs to open it, one paragraph per string. */
export function makeDocx(paragraphs: string[], extra: Record<string, Uint8Array> = {}): Buffer {
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": strToU8(CONTENT_TYPES),
      "_rels/.rels": strToU8(RELS),
      "word/document.xml": strToU8(documentXml(paragraphs)),
      ...extra,
    }),
  );
}

/** A DOCX that unpacks to about 220 MB (eleven 20 MB parts of zeros) from a few hundred KB. */
export function zipBombDocx(): Buffer {
  const zeros = new Uint8Array(20 * 1024 ** 2);
  const parts = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`word/media/filler${i}.bin`, zeros]));
  return makeDocx(["A short letter."], parts);
}

/** A zip that is not a Word document. */
export function plainZip(): Buffer {
  return Buffer.from(zipSync({ "notes.txt": strToU8("just a zip") }));
}
