// What a conversation's files add to the prompt: their whole text when it fits comfortably in the room the
// prompt has, else the passages that best match the question, as numbered blocks the answer cites; and the
// sources stored on the answer.
import { wholeText } from "@/lib/documents/chunk";
import { allPassages, type ConversationFile, type Passage, readyConversationFiles, searchPassages } from "@/lib/documents/retrieve";
import { type AnswerSources, documentInstructions, type Source, snippet, snippetTerms, sourceBlock } from "@/lib/documents/sources";
import { getLogger } from "@/lib/log";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import { embedTexts } from "../embeddings/embedder";

/** Passages retrieved at most (fewer when the room runs out). */
const MAX_PASSAGES = 8;
/** A cheap bound before counting tokens: no tokenizer packs more characters than this into one token. */
const MAX_CHARS_PER_TOKEN = 6;

export type DocumentContext = { system: string; sources: AnswerSources };

/**
 * roomTokens: what the prompt may still hold beside the question and instructions; the files take at most
 * half of it, so the conversation's own turns keep the rest. Null when the conversation has no ready files.
 */
export async function documentContext(input: {
  conversationId: string;
  question: string;
  roomTokens: number;
  count: (text: string) => number;
}): Promise<DocumentContext | null> {
  const files = await readyConversationFiles(input.conversationId);
  if (!files.length) return null;
  const allowance = Math.max(0, Math.floor(input.roomTokens / 2));
  const whole = await wholeFiles(files, allowance, input.count);
  if (whole) return whole;
  const passages = await searchPassages({
    files,
    question: input.question,
    limit: MAX_PASSAGES,
    queryVector: await questionVector(input.question),
  });
  if (!passages.length) return { system: documentInstructions("none", []), sources: { mode: "none", sources: [] } };
  const terms = snippetTerms(input.question);
  const sources: Source[] = [];
  const blocks: string[] = [];
  for (const passage of passages) {
    const source = toSource(passage, sources.length + 1, passage.text, terms);
    const block = sourceBlock(source, passage.text);
    if (input.count(documentInstructions("passages", [...blocks, block])) > allowance) break;
    sources.push(source);
    blocks.push(block);
  }
  // Not even the best passage fits whole: its beginning, as much as the room allows.
  if (!blocks.length) {
    const best = passages[0] as Passage;
    const text = best.text.slice(0, Math.max(0, allowance * 2));
    sources.push(toSource(best, 1, text, terms));
    blocks.push(sourceBlock(sources[0] as Source, text));
  }
  return { system: documentInstructions("passages", blocks), sources: { mode: "passages", sources } };
}

function toSource(passage: Passage, number: number, text: string, terms: string[] = []): Source {
  return {
    number,
    documentId: passage.documentId,
    name: passage.name,
    collection: passage.collection,
    page: passage.page,
    chunkId: passage.id,
    snippet: snippet(text, terms),
  };
}

/** Every file whole, one numbered block each, when that fits the allowance; else null. */
async function wholeFiles(files: ConversationFile[], allowance: number, count: (text: string) => number): Promise<DocumentContext | null> {
  const chars = files.reduce((sum, f) => sum + f.textChars, 0);
  if (chars > allowance * MAX_CHARS_PER_TOKEN) return null;
  const passages = await allPassages(files);
  const sources: Source[] = [];
  const blocks: string[] = [];
  for (const file of files) {
    const own = passages.filter((p) => p.documentId === file.id);
    const first = own[0];
    if (!first) continue;
    const text = wholeText(own);
    const source = { ...toSource(first, sources.length + 1, text), page: null };
    sources.push(source);
    blocks.push(sourceBlock(source, text));
  }
  const system = documentInstructions("whole", blocks);
  return count(system) <= allowance ? { system, sources: { mode: "whole", sources } } : null;
}

/** The question's vector when the family has an embedding model (else keyword search alone). */
async function questionVector(question: string): Promise<{ model: string; vector: number[] } | null> {
  if (!(await getEmbeddingModel())) return null;
  try {
    const { model, vectors } = await embedTexts([question]);
    return vectors[0] ? { model, vector: vectors[0] } : null;
  } catch (error) {
    getLogger("worker").warn({ error: (error as Error).message }, "question embedding failed; keyword search only");
    return null;
  }
}
