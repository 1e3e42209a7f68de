// Messages form a tree (an edit or a regenerate adds a sibling branch); the screen shows one path through it.
// Pure, so it is unit-tested alone.
type Node = { id: string; parentId: string | null };

/** The path from the first message to the leaf, oldest first. Without a known leaf: the newest message's path. */
export function branchPath<T extends Node>(messages: T[], leafId: string | null): T[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: T[] = [];
  let current = (leafId ? byId.get(leafId) : undefined) ?? messages.at(-1);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** The message's branches: every message with the same parent, in the order they were made. */
export function siblingsOf<T extends Node>(messages: T[], message: T): T[] {
  return messages.filter((m) => m.parentId === message.parentId);
}

/** Where a branch ends: from the message, follow the newest reply until there is none. */
export function branchLeaf<T extends Node>(messages: T[], fromId: string): string {
  let leaf = fromId;
  for (;;) {
    const newestChild = messages.findLast((m) => m.parentId === leaf);
    if (!newestChild) return leaf;
    leaf = newestChild.id;
  }
}

/**
 * Every message, each after its parent (an export's order, so a reader can rebuild the tree in one pass);
 * siblings keep their given order. A message whose parent is not among them comes as a root.
 */
export function parentsFirst<T extends Node>(messages: T[]): T[] {
  const ids = new Set(messages.map((m) => m.id));
  const children = new Map<string | null, T[]>();
  for (const message of messages) {
    const parent = message.parentId && ids.has(message.parentId) ? message.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(message);
    else children.set(parent, [message]);
  }
  const ordered: T[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const message = stack.pop() as T;
    ordered.push(message);
    stack.push(...[...(children.get(message.id) ?? [])].reverse());
  }
  return ordered;
}
