// What an admin pastes to name a model on the Hub: `hf:owner/repo/file.gguf`, `hf:owner/repo`, a bare
// `owner/repo[/file.gguf]`, or a huggingface.co / hf.co (or configured mirror) address of a repository or
// one of its files, with or without https://.
import path from "node:path";
import { AppError } from "../../errors";

export type ModelSource = { repo: string; file: string | null };

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** A repository file path: plain segments only, so it can never climb out of a folder. */
export function checkRepoFilePath(file: string): string {
  const segments = file.split("/");
  if (!file.toLowerCase().endsWith(".gguf") || segments.some((s) => !SEGMENT.test(s) || s === ".." || s === ".")) {
    throw new AppError("bad_request", "pullFileName", { file });
  }
  return file;
}

export function checkRepo(repo: string): string {
  const parts = repo.split("/");
  if (parts.length !== 2 || parts.some((p) => !SEGMENT.test(p) || p === "..")) {
    throw new AppError("bad_request", "pullRepoName", { repo });
  }
  return repo;
}

const HUB_HOSTS = new Set(["huggingface.co", "www.huggingface.co", "hf.co"]);

/** Where a pulled file is installed, relative to the models folder; built from checked names only. */
export function installedPath(repo: string, file: string): string {
  return path.join("hub", ...checkRepo(repo).split("/"), ...checkRepoFilePath(file).split("/"));
}

export function parseModelSource(input: string, hub: URL): ModelSource {
  const text = input.trim();
  let name: string;
  if (text.startsWith("hf:")) {
    name = text.slice(3).replace(/#main$/, "");
  } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^(?:www\.)?(?:huggingface|hf)\.co\//i.test(text)) {
    // owner/repo or owner/repo/file.gguf, as the Hub shows a repository's name.
    name = text.replace(/^\/+|\/+$/g, "");
  } else {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
      throw new AppError("bad_request", "pullSourceFormat");
    }
    if (!HUB_HOSTS.has(url.host) && url.origin !== hub.origin) {
      throw new AppError("bad_request", "pullOnlyHuggingFace", { hub: hub.host });
    }
    // /owner/repo, /owner/repo/tree/main, /owner/repo/blob/main/file.gguf, /owner/repo/resolve/main/file.gguf
    name = decodeURIComponent(url.pathname)
      .replace(/^\/+|\/+$/g, "")
      .replace(/^([^/]+\/[^/]+)\/(?:blob|resolve|tree)\/main(\/|$)/, "$1$2");
  }
  const [owner = "", repoName = "", ...rest] = name.split("/");
  if (!owner || !repoName) throw new AppError("bad_request", "pullSourceFormat");
  const repo = checkRepo(`${owner}/${repoName}`);
  return { repo, file: rest.length ? checkRepoFilePath(rest.join("/")) : null };
}

/** Q4_K_M, Q8_0, IQ3_XS, F16… from a file name, for the list of a repository's files. */
export function quantizationFromFileName(file: string): string | null {
  return file.match(/(?:^|[-_.])((?:I?Q\d(?:_[A-Z0-9]+)*)|BF16|F16|F32)(?=[-_.])/i)?.[1]?.toUpperCase() ?? null;
}

const SPLIT_PART = /-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * The files of a model split by llama.cpp's gguf-split (`name-00001-of-00003.gguf` …), first part first;
 * just `[file]` for a model in one file. Any part names the whole model.
 */
export function modelParts(file: string): string[] {
  const match = file.match(SPLIT_PART);
  const count = Number(match?.[2] ?? 0);
  if (!match || count < 2 || count > 999) return [file];
  const prefix = file.slice(0, match.index);
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(5, "0")}-of-${match[2]}.gguf`);
}
