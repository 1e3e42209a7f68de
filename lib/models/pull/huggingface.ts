// The Hub's HTTP API as pulls use it: a repository's file tree (sizes, SHA-256), download URLs, header bytes.
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { discardBody, hubFetch } from "./guard";
import { checkRepo, checkRepoFilePath, quantizationFromFileName } from "./source";

export type HubFile = { path: string; sizeBytes: number; sha256: string | null; quantization: string | null };

export function hubUrl(): URL {
  return new URL(getEnv().HF_ENDPOINT.replace(/\/?$/, "/"));
}

export function fileUrl(repo: string, file: string): URL {
  return new URL(`${checkRepo(repo)}/resolve/main/${file.split("/").map(encodeURIComponent).join("/")}`, hubUrl());
}

type TreeEntry = { type?: string; path?: string; size?: number; lfs?: { oid?: string; size?: number } };

/** The repository's GGUF files with their sizes and the SHA-256 the Hub advertises (lfs.oid). */
export async function listGgufFiles(repo: string): Promise<HubFile[]> {
  const hub = hubUrl();
  const { response } = await hubFetch(new URL(`api/models/${checkRepo(repo)}/tree/main?recursive=true`, hub), hub, {
    headers: { accept: "application/json" },
  });
  if (response.status === 404 || response.status === 401) throw new AppError("not_found", "hubNoRepository", { repo });
  if (!response.ok) throw new AppError("unavailable", "hubAnswered", { status: response.status, target: repo });
  const entries = (await response.json().catch(() => null)) as TreeEntry[] | null;
  if (!Array.isArray(entries)) throw new AppError("unavailable", "hubNotFileList");
  return (
    entries
      // Only names a pull accepts: a listing never offers a file ("../../x.gguf") the pull would then refuse.
      .filter((e) => e.type === "file" && typeof e.path === "string" && acceptedName(e.path))
      .map((e) => ({
        path: e.path as string,
        sizeBytes: Number(e.lfs?.size ?? e.size ?? 0),
        sha256: typeof e.lfs?.oid === "string" && /^[0-9a-f]{64}$/.test(e.lfs.oid) ? e.lfs.oid : null,
        quantization: quantizationFromFileName(e.path as string),
      }))
  );
}

function acceptedName(file: string): boolean {
  try {
    checkRepoFilePath(file);
    return true;
  } catch {
    return false;
  }
}

export async function findHubFile(repo: string, file: string): Promise<HubFile> {
  const found = (await listGgufFiles(repo)).find((f) => f.path === file);
  if (!found) throw new AppError("not_found", "hubNoFile", { repo, file });
  return found;
}

/** The first `length` bytes of a file on the Hub (a Range request; never the whole file). */
export async function fetchFileStart(repo: string, file: string, length: number): Promise<Buffer> {
  const hub = hubUrl();
  const { response } = await hubFetch(fileUrl(repo, file), hub, { headers: { range: `bytes=0-${length - 1}` } });
  if (response.status !== 206 && response.status !== 200) {
    discardBody(response);
    throw new AppError("unavailable", "hubAnswered", { status: response.status, target: file });
  }
  // A server that ignores Range would send everything: stop reading at `length`.
  const chunks: Buffer[] = [];
  let got = 0;
  const reader = response.body?.getReader();
  while (reader && got < length) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    got += value.length;
  }
  void reader?.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, length);
}
