// Search speed on a long history: 10 members, 100,000 messages (English and Chinese mixed) for the one who
// searches, 200 queries through the same function the /api/search route calls. Target: p95 <= 50 ms here.
// Run: npm run bench:search   (BENCH_QUICK=1: 5,000 messages and 20 queries, for the bench's own test;
// BENCH_EXPLAIN=1 prints the plans, BENCH_KEEP=1 keeps the database)
import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { createMigratedDatabase } from "@/testkit/database";
import { elapsed, now } from "./support/clock";
import { setting } from "./support/quick";
import { fmt, note, percentile, printTable } from "./support/report";

const msSince = (start: number): number => now() - start;

const MESSAGES = setting("BENCH_MESSAGES", 100_000, 5_000);
const QUERIES = setting("BENCH_QUERIES", 200, 20);
const MEMBERS = 10;
const PER_CONVERSATION = 20;

const ENGLISH = (
  "run running walk garden kitchen bread recipe school homework math science history river mountain weather rain " +
  "sunny holiday travel train ticket doctor medicine health sleep dream music guitar piano lesson teacher student " +
  "birthday party cake present grandma grandpa dinner lunch breakfast coffee tea garden flower tree forest camping " +
  "football basketball swim bicycle car repair boiler manual contract rent bank account budget money saving invest " +
  "computer program python javascript error bug fix server network printer phone battery charge photo camera movie"
).split(" ");
const CHINESE = (
  "天气 今天 明天 公园 散步 学校 作业 数学 科学 历史 河流 山上 下雨 假期 旅行 火车 医生 药物 健康 睡觉 音乐 钢琴 " +
  "老师 学生 生日 蛋糕 礼物 奶奶 爷爷 晚饭 午饭 早饭 咖啡 花园 森林 露营 足球 游泳 汽车 修理 锅炉 合同 银行 预算 电脑 程序"
).split(" ");

/** Builds the history in the database itself: a few statements, not 100,000 round trips. */
async function seed(db: pg.Client, searcherId: string, otherIds: string[]): Promise<void> {
  const fill = async (userId: string, count: number) => {
    const conversations = Math.ceil(count / PER_CONVERSATION);
    await db.query(
      `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
       SELECT $1 || '-' || n, $1, 'Conversation ' || n, now() - n * interval '1 hour', now() - n * interval '1 hour'
       FROM generate_series(1, $2::int) AS n`,
      [userId, conversations],
    );
    await db.query(
      `INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "createdAt", "updatedAt")
       SELECT $1 || '-m' || n, $1 || '-' || (1 + n % $3::int), $1,
         (CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END)::"MessageRole",
         (SELECT string_agg(CASE WHEN r < 0.1 THEN ($5::text[])[1 + floor(random() * array_length($5::text[], 1))::int]
                                 WHEN r < 0.3 THEN ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int]
                                 ELSE 'w' || to_hex(floor(random() * 20000)::int) END, ' ')
          FROM (SELECT random() AS r FROM generate_series(1, 20 + (n % 40)) WHERE n > 0) AS w),
         'done', now() - n * interval '1 minute', now() - n * interval '1 minute'
       FROM generate_series(1, $2::int) AS n`,
      [userId, count, conversations, ENGLISH, CHINESE],
    );
  };
  await fill(searcherId, MESSAGES);
  for (const id of otherIds) await fill(id, Math.round(MESSAGES / 10));
  await db.query(`ANALYZE "Message"; ANALYZE "Conversation"`);
}

function pick<T>(list: T[]): T {
  return list[Math.floor(Math.random() * list.length)] as T;
}

/** Queries of the kinds people type: a word (English forms), two words, Chinese of two and four characters. */
function queries(): { kind: string; q: string }[] {
  const kinds = [
    () => ({ kind: "english word", q: pick(ENGLISH) }),
    () => ({ kind: "english two words", q: `${pick(ENGLISH)} ${pick(ENGLISH)}` }),
    () => ({ kind: "chinese 2 chars", q: pick(CHINESE) }),
    () => ({ kind: "chinese 4 chars", q: `${pick(CHINESE)}${pick(CHINESE)}` }),
  ];
  return Array.from({ length: QUERIES }, (_, i) => (kinds[i % kinds.length] as () => { kind: string; q: string })());
}

async function main() {
  const { url, drop } = await createMigratedDatabase("hearth_bench_search");
  process.env.DATABASE_URL = url;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const ids = Array.from({ length: MEMBERS }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, 'x', 'member', now())`, [
        id,
        `bench${i}-${id}@example.com`,
        `Bench ${i}`,
      ]);
    }
    const [searcher, ...others] = ids as [string, ...string[]];
    const seedStart = now();
    await seed(db, searcher, others);
    note(`seeded ${MESSAGES} messages (+${others.length} members with ${Math.round(MESSAGES / 10)} each) in ${elapsed(seedStart)}`);

    const { searchConversations, searchSql } = await import("../lib/queries/search");
    // BENCH_EXPLAIN=1: the plan PostgreSQL chose, with its real timings, for one query of each kind.
    if (process.env.BENCH_EXPLAIN) {
      for (const { kind, q } of queries().slice(0, 4)) {
        const statement = searchSql({ userId: searcher, query: q });
        if (!statement) continue;
        const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
        note(`${kind} "${q}":\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
    }
    await searchConversations({ userId: searcher, query: "warm up" });
    const timings = new Map<string, number[]>();
    let found = 0;
    for (const { kind, q } of queries()) {
      const start = now();
      const hits = await searchConversations({ userId: searcher, query: q });
      const ms = msSince(start);
      if (hits.length) found++;
      timings.set(kind, [...(timings.get(kind) ?? []), ms]);
    }
    const all = [...timings.values()].flat();
    printTable(
      `Search over ${MESSAGES} messages of one member (${QUERIES} queries)`,
      ["query kind", "n", "p50 ms", "p95 ms", "max ms"],
      [...timings].map(([kind, ms]) => [kind, ms.length, fmt(percentile(ms, 50)), fmt(percentile(ms, 95)), fmt(Math.max(...ms))]),
    );
    const { getDb } = await import("../lib/db");
    await getDb().$disconnect();
    // The machine is shared: the load average says how far the figures are its own.
    console.log(
      `search messages=${MESSAGES} queries=${QUERIES} found=${found} p50_ms=${fmt(percentile(all, 50))} p95_ms=${fmt(percentile(all, 95))} load1=${fmt(os.loadavg()[0], 2)}`,
    );
  } finally {
    await db.end();
    // BENCH_KEEP=1 leaves the database for EXPLAIN ANALYZE by hand (drop it afterwards).
    if (process.env.BENCH_KEEP) note(`kept ${url}`);
    else await drop();
  }
}

await main();
