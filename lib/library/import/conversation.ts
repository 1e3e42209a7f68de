// The one shape every importer produces: a conversation tree in Hearth's terms, before it is stored.
export type ImportFormat = "chatgpt" | "openwebui" | "hearth";

export type ImportedMessage = {
  /** The id in the source, unique within the conversation; parentId refers to another such id. */
  sourceId: string;
  parentId: string | null;
  role: "user" | "assistant" | "system";
  content: string;
  createdAt: Date;
  finishedAt: Date | null;
  /** The model that wrote it, by name, as the source called it. */
  modelName: string | null;
  status: "done" | "stopped" | "failed";
};

export type ImportedConversation = {
  format: ImportFormat;
  sourceId: string;
  title: string;
  titleByUser: boolean;
  pinned: boolean;
  archived: boolean;
  systemPrompt: string | null;
  createdAt: Date;
  updatedAt: Date;
  modelName: string | null;
  /** Parents before children. */
  messages: ImportedMessage[];
  /** The leaf of the branch that was on screen, or null for the last message. */
  currentSourceId: string | null;
};

/** Why one conversation cannot be imported; `reason` is a key of the catalogues' `import.reasons`. */
export class UnreadableConversation extends Error {
  constructor(readonly reason: ImportFailureReason) {
    super(reason);
  }
}

export type ImportFailureReason = "notAConversation" | "noMessages" | "brokenTree" | "badDate";

/** A time from the source: seconds, milliseconds or nanoseconds since 1970, or an ISO string. */
export function sourceTime(value: unknown, fallback: Date): Date {
  if (typeof value === "string" && value) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? fallback : new Date(parsed);
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return fallback;
  const ms = value > 1e17 ? value / 1e6 : value > 1e14 ? value / 1e3 : value > 1e11 ? value : value * 1000;
  return new Date(ms);
}

/**
 * Puts a tree's messages parents-first, drops those whose parent is missing or that sit in a cycle, and
 * checks the on-screen leaf: the store can then insert them in one pass.
 */
export function orderTree(messages: ImportedMessage[]): ImportedMessage[] {
  const byParent = new Map<string | null, ImportedMessage[]>();
  const ids = new Set(messages.map((m) => m.sourceId));
  if (ids.size !== messages.length) throw new UnreadableConversation("brokenTree");
  for (const message of messages) {
    const parent = message.parentId && ids.has(message.parentId) ? message.parentId : null;
    const siblings = byParent.get(parent) ?? [];
    siblings.push({ ...message, parentId: parent });
    byParent.set(parent, siblings);
  }
  const ordered: ImportedMessage[] = [...(byParent.get(null) ?? [])];
  for (let index = 0; index < ordered.length; index++) {
    ordered.push(...(byParent.get((ordered[index] as ImportedMessage).sourceId) ?? []));
  }
  if (ordered.length === 0) throw new UnreadableConversation("noMessages");
  return ordered;
}
