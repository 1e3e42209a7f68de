// Display names Hearth derives for models (from an uploaded file's name, a pulled file, the catalogue):
// always one the model schema accepts, so an admin who typed no name is never refused for the derived one.
import { CATALOGUE } from "./catalogue";

const MAX = 70;

/** What a model's display name may hold (the register and settings schemas check it). */
export const MODEL_NAME_PATTERN = /^[\p{L}\p{N} ._:()-]+$/u;

/** "My Tiny Model+v2.gguf" → "My Tiny Model v2": letters, digits, space and . _ : ( ) - only. */
export function modelNameFrom(text: string): string {
  const name = text
    .replace(/\.gguf$/i, "")
    .replace(/[^\p{L}\p{N} ._:()-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX)
    .trim();
  return name || "model";
}

/** A pulled file's name: the catalogue's for a catalogue entry, else its file name. */
export function pulledModelName(repo: string, file: string): string {
  const entry = CATALOGUE.find((e) => e.repo === repo && e.file === file);
  return modelNameFrom(entry ? entry.name : (file.split("/").pop() ?? file));
}
