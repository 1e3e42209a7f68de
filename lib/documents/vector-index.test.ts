import { describe, expect, it } from "vitest";
import { vectorIndexName, vectorIndexSql, vectorOrder, vectorSpaceFilter } from "./vector-index";

describe("vector index per embedding model", () => {
  it("is named by a hash of the model's name and the vectors' length, within PostgreSQL's 63 characters", () => {
    const name = vectorIndexName({ model: "Qwen3 Embedding 0.6B (Q8_0) — the family's", dimensions: 1024 });
    expect(name).toMatch(/^DocumentChunk_embedding_[0-9a-f]{16}_1024_hnsw$/);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(vectorIndexName({ model: "a", dimensions: 384 })).not.toBe(vectorIndexName({ model: "b", dimensions: 384 }));
  });

  it("says in the query exactly what the index says: the cast to the length and the model as a quoted literal", () => {
    const space = { model: "Bob's model", dimensions: 384 };
    const index = vectorIndexSql(space, { concurrently: true });
    expect(index).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS");
    expect(index).toContain("USING hnsw ((embedding::vector(384)) vector_cosine_ops)");
    expect(index).toContain(`WHERE "embeddingModel" = 'Bob''s model'`);
    expect(vectorSpaceFilter(space).text).toBe(`ch."embeddingModel" = 'Bob''s model'`);
    const order = vectorOrder(space, "[1,2]");
    expect(order.text).toBe("(ch.embedding::vector(384)) <=> $1::vector(384)");
    expect(order.values).toEqual(["[1,2]"]);
  });

  it("refuses a length that is not a whole number in pgvector's range (it is written into the SQL)", () => {
    for (const dimensions of [0, 1.5, Number.NaN, 16_001])
      expect(() => vectorIndexSql({ model: "m", dimensions }, { concurrently: false })).toThrow(/dimensions/);
  });
});
