import { describe, expect, it } from "vitest";
import { DOCUMENT_MIME, kindOfMime, sniffKind } from "./kinds";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("sniffKind", () => {
  it("tells files by their bytes, not their names", () => {
    expect(sniffKind(bytes("%PDF-1.7\n…"), "notes.txt")).toBe("pdf");
    expect(sniffKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), "report.pdf")).toBe("docx");
    expect(sniffKind(bytes("# Title\n\nSome *markdown*."), "readme.md")).toBe("text");
    expect(sniffKind(bytes("a,b\n1,2\n"), "data.csv")).toBe("text");
    expect(sniffKind(bytes("<!DOCTYPE html><html><body>Hi</body></html>"), "page.txt")).toBe("html");
    expect(sniffKind(bytes("锅炉的保修期是五年。"), "中文.txt")).toBe("text");
  });

  it("refuses binary files (NUL bytes, invalid UTF-8, images)", () => {
    expect(sniffKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]), "photo.txt")).toBeNull();
    expect(sniffKind(new Uint8Array([0xff, 0xfe, 0x41, 0x42]), "x.txt")).toBeNull();
  });

  it("accepts a character cut at the end of the head it reads", () => {
    const text = bytes("好好");
    expect(sniffKind(text.subarray(0, 4), "x.txt")).toBe("text");
  });
});

describe("kindOfMime", () => {
  it("gives back the kind a stored type stands for, text for any other", () => {
    expect(kindOfMime(DOCUMENT_MIME.pdf)).toBe("pdf");
    expect(kindOfMime(DOCUMENT_MIME.docx)).toBe("docx");
    expect(kindOfMime(DOCUMENT_MIME.html)).toBe("html");
    expect(kindOfMime("text/plain")).toBe("text");
    expect(kindOfMime("application/x-unknown")).toBe("text");
  });
});
