// What a fault scenario left behind, read straight from PostgreSQL: every answer complete or clearly failed,
// none duplicated, each stored text the one the member was streamed. Printed as one table at the end.
import pg from "pg";
import { answerText, type SseEvent } from "@/testkit/client";

export type Sent = { conversationId: string; generationId: string; events?: SseEvent[] };

export type Outcome = {
  scenario: string;
  answers: number;
  done: number;
  failed: number;
  problems: string[];
  servesAgain: boolean;
};

type Row = {
  id: string;
  conversationId: string;
  role: string;
  status: string;
  content: string;
  error: string | null;
  outputTokens: number | null;
};

const FINAL = ["done", "stopped", "failed"];

async function readMessages(databaseUrl: string, conversationIds: string[]): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Row>(
      `SELECT id, "conversationId", role, status, content, error, "outputTokens" FROM "Message"
       WHERE "conversationId" = ANY($1) ORDER BY "conversationId", "createdAt"`,
      [conversationIds],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Waits until every sent answer is final (or the deadline passes), then lists what is wrong. */
export async function inspect(options: {
  databaseUrl: string;
  sent: Sent[];
  maxOutputTokens: number;
  timeoutMs?: number;
}): Promise<{ rows: Row[]; problems: string[] }> {
  const conversationIds = [...new Set(options.sent.map((s) => s.conversationId))];
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let rows = await readMessages(options.databaseUrl, conversationIds);
  while (rows.some((r) => r.role === "assistant" && !FINAL.includes(r.status)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await readMessages(options.databaseUrl, conversationIds);
  }
  const problems: string[] = [];
  for (const conversationId of conversationIds) {
    const roles = rows.filter((r) => r.conversationId === conversationId).map((r) => r.role);
    const expected = options.sent.filter((s) => s.conversationId === conversationId).length;
    if (roles.join(",") !== Array(expected).fill("user,assistant").join(","))
      problems.push(`conversation ${conversationId}: messages ${roles.join(",")} (want ${expected} user/assistant pairs)`);
  }
  for (const sent of options.sent) {
    const row = rows.find((r) => r.id === sent.generationId);
    if (!row) {
      problems.push(`${sent.generationId}: lost`);
      continue;
    }
    if (!FINAL.includes(row.status)) problems.push(`${row.id}: still ${row.status}`);
    if (row.status === "failed" && !row.error) problems.push(`${row.id}: failed without a reason`);
    if (row.status === "done" && row.outputTokens !== options.maxOutputTokens)
      problems.push(`${row.id}: done with ${row.outputTokens} of ${options.maxOutputTokens} tokens (incomplete)`);
    const final = sent.events?.at(-1);
    if (sent.events && final && FINAL.includes(final.data.type)) {
      if (final.data.type !== row.status) problems.push(`${row.id}: streamed ${final.data.type}, stored ${row.status}`);
      if (row.status === "done" && answerText(sent.events) !== row.content)
        problems.push(`${row.id}: streamed text differs from the stored answer`);
    }
  }
  return { rows, problems };
}

export function outcomeTable(outcomes: Outcome[]): string {
  const lines = [
    "| scenario | answers | done | failed | serves again | outcome |",
    "| --- | --- | --- | --- | --- | --- |",
    ...outcomes.map(
      (o) =>
        `| ${o.scenario} | ${o.answers} | ${o.done} | ${o.failed} | ${o.servesAgain ? "yes" : "NO"} | ${o.problems.length ? `FAIL: ${o.problems.slice(0, 3).join("; ")}` : "ok"} |`,
    ),
  ];
  return lines.join("\n");
}
