// Conversations written straight into the browser tests' database, for specs about what a member does with
// one they already have (export it, share it): faster than chatting them into being, and with exact content.
import pg from "pg";

export type SeedMessage = { id: string; parentId: string | null; role: "user" | "assistant"; content: string };

async function withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: process.env.HEARTH_E2E_DATABASE_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Each message after the one before (clock_timestamp), and the branch on screen then ends at it. */
async function insertMessage(db: pg.Client, conversationId: string, m: SeedMessage): Promise<void> {
  await db.query(
    `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "createdAt", "updatedAt")
     SELECT $1, $2, "userId", $3, $4::"MessageRole", $5, 'done', clock_timestamp(), now() FROM "Conversation" WHERE id = $2`,
    [m.id, conversationId, m.parentId, m.role, m.content],
  );
  await db.query(`UPDATE "Conversation" SET "currentLeafId" = $1 WHERE id = $2`, [m.id, conversationId]);
}

/** A conversation of the member with this email, its messages in order; the last one ends the branch on screen. */
export async function seedConversation(o: { email: string; id: string; title: string; messages: SeedMessage[] }): Promise<void> {
  await withDatabase(async (db) => {
    await db.query(
      `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
       SELECT $1, u.id, $2, now(), now() FROM "User" u WHERE u.email = $3`,
      [o.id, o.title, o.email],
    );
    for (const m of o.messages) await insertMessage(db, o.id, m);
  });
}

/** One more message at the end of a seeded conversation. */
export async function addMessage(conversationId: string, m: SeedMessage): Promise<void> {
  await withDatabase((db) => insertMessage(db, conversationId, m));
}
