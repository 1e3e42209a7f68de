-- Search over a member's titles and messages, on PostgreSQL alone. Written by hand: Prisma's schema cannot
-- describe functions or generated columns: the functions live in their own schema, hearth_search, and the
-- migrations test checks these objects apart from schema.prisma.
CREATE SCHEMA IF NOT EXISTS hearth_search;

-- The default parser takes a run of Chinese (or Japanese, Korean) as one word, so "天气" would never find
-- "今天天气很好". Each such run also becomes its overlapping pairs of characters (a lone character stays
-- itself): a query of two or more characters is then a set of pairs that must all be present.
CREATE OR REPLACE FUNCTION hearth_search.cjk_bigrams(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(substr(r.run, i, 2), ' '), '')
  FROM (SELECT (regexp_matches(input, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+', 'g'))[1] AS run) AS r,
       LATERAL generate_series(1, greatest(char_length(r.run) - 1, 1)) AS i
$$;

-- English word forms ("running" finds "run") plus the CJK pairs above.
CREATE OR REPLACE FUNCTION hearth_search.vector(input text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('english'::regconfig, input) || to_tsvector('simple'::regconfig, hearth_search.cjk_bigrams(input))
$$;

-- Stored, not an expression index: a search then reads the vectors instead of recomputing them for every
-- matching row. Prisma's schema does not list these columns; the database keeps them up to date.
ALTER TABLE "Message" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (hearth_search.vector(content)) STORED;
ALTER TABLE "Conversation" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (hearth_search.vector(title)) STORED;
CREATE INDEX "Message_searchVector_idx" ON "Message" USING gin ("searchVector");
CREATE INDEX "Conversation_searchVector_idx" ON "Conversation" USING gin ("searchVector");
