// The authorization matrix: every route handler, page and server action × every kind of caller, with the
// status each must get. Routes are discovered from the files (app/**/route.ts, app/**/page.tsx and
// "use server" modules): a new one without rows here fails this test until someone decides who may use it.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, sql } from "@/testkit/accounts";
import { HearthClient } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

const root = path.resolve(import.meta.dirname, "../..");

/** "owner" is the member whose conversation and answer the ids belong to; "other" is another member. */
const BASE_ACTORS = ["anonymous", "child", "other", "admin", "owner"] as const;
type BaseActor = (typeof BASE_ACTORS)[number];
/**
 * Callers whose cookie once worked, or who never got one: a copy of a cookie kept after signing out, a session
 * ended from another browser, a disabled account, an account waiting for approval (its sign-in got no
 * session). Each must fare exactly like an anonymous caller, everywhere.
 */
const ENDED_ACTORS = ["signedOut", "revoked", "disabled", "pending"] as const;
// The owner goes last: its calls may delete.
const ACTORS = ["anonymous", ...ENDED_ACTORS, "mustChange", "child", "other", "admin", "owner"] as const;
type Actor = (typeof ACTORS)[number];
type Ids = {
  conversation: string;
  doomed: string;
  answer: string;
  finished: string;
  model: string;
  preset: string;
  spareModel: string;
  doomedModel: string;
  pullRunning: string;
  pullFailed: string;
  pullDiscard: string;
  invite: string;
  user: string;
  doomedUser: { id: string; email: string };
  resetUser: string;
  limitedChild: string;
  ownerSession: string;
  apiKey: string;
  folder: string;
  doomedFolder: string;
  conversationImport: string;
  document: string;
  doomedDocument: string;
  chunk: string;
  collection: string;
  doomedCollection: string;
  collectionFile: string;
  collectionChunk: string;
  adultsFile: string;
  adultsChunk: string;
  doomedCollectionFile: string;
};
type Row = {
  file: string;
  method: string;
  path: (ids: Ids) => string;
  body?: (actor: Actor, ids: Ids) => unknown;
  expect: Record<BaseActor, number>;
  /**
   * A member who must change their password first (an admin reset it): refused (403) wherever a signed-in
   * member is served, except the account's password and sessions; public routes as for anyone.
   */
  mustChange?: number;
};

function expected(row: Row, actor: Actor): number {
  if ((ENDED_ACTORS as readonly string[]).includes(actor)) return row.expect.anonymous;
  if (actor === "mustChange") return row.mustChange ?? (row.expect.anonymous === 401 ? 403 : row.expect.anonymous);
  return row.expect[actor as BaseActor];
}

const all = (status: number): Record<BaseActor, number> => ({
  anonymous: status,
  child: status,
  other: status,
  admin: status,
  owner: status,
});
const signedIn = (status: number) => ({ ...all(status), anonymous: 401 });
const adminOnly = (status: number) => ({ anonymous: 401, child: 403, other: 403, owner: 403, admin: status });
const ownerOnly = (status: number) => ({ anonymous: 401, child: 404, other: 404, admin: 404, owner: status });
const pageFor = (status: Record<Exclude<BaseActor, "anonymous">, number>) => ({ anonymous: 307, ...status });
const password = "a long enough password";

const ROUTES: Row[] = [
  // API keys: each person's own (children may not make one until the admin allows it); /v1 never takes a
  // session cookie, whoever's it is (its key callers are in their own matrix below).
  { file: "app/api/account/api-keys/route.ts", method: "GET", path: () => "/api/account/api-keys", expect: signedIn(200) },
  {
    file: "app/api/account/api-keys/route.ts",
    method: "POST",
    path: () => "/api/account/api-keys",
    body: (actor) => ({ name: `key of ${actor}` }),
    expect: { ...signedIn(201), child: 403 },
  },
  {
    file: "app/api/account/api-keys/route.ts",
    method: "PATCH",
    path: () => "/api/account/api-keys",
    body: () => ({ showApiConversations: false }),
    expect: signedIn(200),
  },
  // Imports: each member's own. A JSON body is not an export upload: 400 before anything is written.
  { file: "app/api/imports/route.ts", method: "GET", path: () => "/api/imports", expect: signedIn(200) },
  { file: "app/api/imports/route.ts", method: "POST", path: () => "/api/imports?name=x.json", body: () => ({}), expect: signedIn(400) },
  { file: "app/api/imports/[id]/route.ts", method: "GET", path: (i) => `/api/imports/${i.conversationImport}`, expect: ownerOnly(200) },
  {
    file: "app/api/account/api-keys/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/account/api-keys/${i.apiKey}`,
    expect: ownerOnly(204),
  },
  // Share links: made by a conversation's owner (a child only when the admin allows it), listed and revoked by them.
  {
    file: "app/api/conversations/[id]/share/route.ts",
    method: "POST",
    path: (i) => `/api/conversations/${i.conversation}/share`,
    body: () => ({}),
    expect: { ...ownerOnly(201), child: 403 },
  },
  { file: "app/api/account/shares/route.ts", method: "GET", path: () => "/api/account/shares", expect: signedIn(200) },
  {
    file: "app/api/account/shares/[id]/route.ts",
    method: "DELETE",
    path: () => "/api/account/shares/no-such-share",
    expect: signedIn(404),
  },
  { file: "app/api/admin/api-keys/route.ts", method: "GET", path: () => "/api/admin/api-keys", expect: adminOnly(200) },
  {
    file: "app/api/admin/api-keys/route.ts",
    method: "PUT",
    path: () => "/api/admin/api-keys",
    body: () => ({ members: true, children: false }),
    expect: adminOnly(200),
  },
  { file: "app/api/admin/api-keys/[id]/route.ts", method: "DELETE", path: () => "/api/admin/api-keys/no-such-key", expect: adminOnly(404) },
  // /v1 takes keys only: a session, whatever its state, is never a way in.
  { file: "app/v1/models/route.ts", method: "GET", path: () => "/v1/models", expect: all(401), mustChange: 401 },
  { file: "app/v1/models/[id]/route.ts", method: "GET", path: () => "/v1/models/Tiny", expect: all(401), mustChange: 401 },
  {
    file: "app/v1/embeddings/route.ts",
    method: "POST",
    path: () => "/v1/embeddings",
    body: () => ({ model: "Lexical", input: "hi" }),
    expect: all(401),
    mustChange: 401,
  },
  {
    file: "app/v1/chat/completions/route.ts",
    method: "POST",
    path: () => "/v1/chat/completions",
    body: () => ({ model: "Tiny", messages: [{ role: "user", content: "hi" }], stream: true }),
    expect: all(401),
    mustChange: 401,
  },
  {
    file: "app/api/admin/models/[id]/default/route.ts",
    method: "POST",
    path: (i) => `/api/admin/models/${i.model}/default`,
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/models/[id]/route.ts",
    method: "PATCH",
    path: (i) => `/api/admin/models/${i.spareModel}`,
    body: () => ({ description: "quick" }),
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/models/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/models/${i.doomedModel}`,
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/models/hub/route.ts",
    method: "GET",
    path: () => "/api/admin/models/hub?source=not-a-model",
    expect: adminOnly(400),
  },
  { file: "app/api/admin/models/recommended/route.ts", method: "GET", path: () => "/api/admin/models/recommended", expect: adminOnly(200) },
  // A JSON body is not a model file: the admin gets 400 before anything is written.
  {
    file: "app/api/admin/models/upload/route.ts",
    method: "POST",
    path: () => "/api/admin/models/upload?name=x",
    body: () => ({}),
    expect: adminOnly(400),
  },
  { file: "app/api/admin/pulls/route.ts", method: "GET", path: () => "/api/admin/pulls", expect: adminOnly(200) },
  {
    file: "app/api/admin/pulls/route.ts",
    method: "POST",
    path: () => "/api/admin/pulls",
    body: () => ({ source: "not-a-model" }),
    expect: adminOnly(400),
  },
  {
    file: "app/api/admin/pulls/[id]/cancel/route.ts",
    method: "POST",
    path: (i) => `/api/admin/pulls/${i.pullRunning}/cancel`,
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/pulls/[id]/resume/route.ts",
    method: "POST",
    path: (i) => `/api/admin/pulls/${i.pullFailed}/resume`,
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/pulls/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/pulls/${i.pullDiscard}`,
    expect: adminOnly(200),
  },
  { file: "app/api/admin/models/files/route.ts", method: "GET", path: () => "/api/admin/models/files", expect: adminOnly(200) },
  { file: "app/api/admin/models/route.ts", method: "GET", path: () => "/api/admin/models", expect: adminOnly(200) },
  {
    file: "app/api/admin/models/route.ts",
    method: "POST",
    path: () => "/api/admin/models",
    body: (actor) => ({ name: `Again by ${actor}`, filePath: TEST_MODEL_FILE }),
    expect: adminOnly(201),
  },
  { file: "app/api/admin/users/route.ts", method: "GET", path: () => "/api/admin/users", expect: adminOnly(200) },
  {
    file: "app/api/admin/users/route.ts",
    method: "POST",
    path: () => "/api/admin/users",
    body: (actor) => ({ name: "New", email: `new-by-${actor}@example.com`, password, role: "member" }),
    expect: adminOnly(201),
  },
  // next-auth's own endpoints are public by design (sign-in needs them); its POSTs carry a CSRF token.
  { file: "app/api/auth/[...nextauth]/route.ts", method: "GET", path: () => "/api/auth/csrf", expect: all(200) },
  { file: "app/api/auth/[...nextauth]/route.ts", method: "POST", path: () => "/api/auth/signout", expect: all(302) },
  {
    file: "app/api/conversations/[id]/messages/route.ts",
    method: "POST",
    path: (i) => `/api/conversations/${i.conversation}/messages`,
    body: () => ({ content: "one more question" }),
    expect: ownerOnly(201),
  },
  {
    file: "app/api/conversations/[id]/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}`,
    expect: ownerOnly(200),
  },
  // Exports: one conversation (its owner only), or everything of the caller's own.
  {
    file: "app/api/conversations/[id]/export/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}/export?format=markdown`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/export/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}/export?format=json`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/export/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}/export?format=pdf`,
    expect: signedIn(400),
  },
  { file: "app/api/account/export/route.ts", method: "GET", path: () => "/api/account/export?format=zip", expect: signedIn(200) },
  { file: "app/api/account/export/route.ts", method: "GET", path: () => "/api/account/export?format=json", expect: signedIn(200) },
  {
    file: "app/api/conversations/[id]/route.ts",
    method: "PATCH",
    path: (i) => `/api/conversations/${i.conversation}`,
    body: () => ({ systemPrompt: "Answer briefly." }),
    expect: ownerOnly(200),
  },
  { file: "app/api/conversations/[id]/route.ts", method: "DELETE", path: (i) => `/api/conversations/${i.doomed}`, expect: ownerOnly(200) },
  { file: "app/api/conversations/route.ts", method: "GET", path: () => "/api/conversations", expect: signedIn(200) },
  // Folders: each member's own; someone else's is not found (moving into one is in tests/integration/folders.test.ts).
  { file: "app/api/folders/route.ts", method: "GET", path: () => "/api/folders", expect: signedIn(200) },
  {
    file: "app/api/folders/route.ts",
    method: "POST",
    path: () => "/api/folders",
    body: (actor) => ({ name: `Folder of ${actor}` }),
    expect: signedIn(201),
  },
  {
    file: "app/api/folders/[id]/route.ts",
    method: "PATCH",
    path: (i) => `/api/folders/${i.folder}`,
    body: () => ({ name: "Renamed folder", systemPrompt: "Answer briefly." }),
    expect: ownerOnly(200),
  },
  {
    file: "app/api/folders/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/folders/${i.doomedFolder}?conversations=delete`,
    expect: ownerOnly(200),
  },
  { file: "app/api/search/route.ts", method: "GET", path: () => "/api/search?q=hearth", expect: signedIn(200) },
  {
    file: "app/api/conversations/route.ts",
    method: "POST",
    path: () => "/api/conversations",
    body: () => ({ content: "a new conversation" }),
    expect: signedIn(201),
  },
  {
    file: "app/api/generations/[id]/events/route.ts",
    method: "GET",
    path: (i) => `/api/generations/${i.answer}/events`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/generations/[id]/events/route.ts",
    method: "HEAD",
    path: (i) => `/api/generations/${i.answer}/events`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/generations/[id]/regenerate/route.ts",
    method: "POST",
    path: (i) => `/api/generations/${i.finished}/regenerate`,
    expect: ownerOnly(201),
  },
  // Files: each member's own; nobody else's, the admin's included.
  { file: "app/api/documents/route.ts", method: "GET", path: () => "/api/documents", expect: signedIn(200) },
  // JSON is not a file: whoever may upload learns that the body must be the file's bytes.
  { file: "app/api/documents/route.ts", method: "POST", path: () => "/api/documents?name=a.txt", body: () => ({}), expect: signedIn(400) },
  { file: "app/api/documents/[id]/route.ts", method: "GET", path: (i) => `/api/documents/${i.document}`, expect: ownerOnly(200) },
  { file: "app/api/documents/[id]/route.ts", method: "DELETE", path: (i) => `/api/documents/${i.doomedDocument}`, expect: ownerOnly(200) },
  {
    file: "app/api/documents/[id]/chunks/[chunkId]/route.ts",
    method: "GET",
    path: (i) => `/api/documents/${i.document}/chunks/${i.chunk}`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/documents/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}/documents`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/documents/route.ts",
    method: "POST",
    path: (i) => `/api/conversations/${i.conversation}/documents`,
    body: (_actor, i) => ({ documentIds: [i.document] }),
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/documents/[documentId]/route.ts",
    method: "DELETE",
    path: (i) => `/api/conversations/${i.conversation}/documents/${i.document}`,
    expect: ownerOnly(200),
  },
  // Family collections: the admin curates them; members use those their role may (a child: not adults-only ones).
  { file: "app/api/collections/route.ts", method: "GET", path: () => "/api/collections", expect: signedIn(200) },
  { file: "app/api/admin/collections/route.ts", method: "GET", path: () => "/api/admin/collections", expect: adminOnly(200) },
  {
    file: "app/api/admin/collections/route.ts",
    method: "POST",
    path: () => "/api/admin/collections",
    body: (actor) => ({ name: `Collection of ${actor}` }),
    expect: adminOnly(201),
  },
  {
    file: "app/api/admin/collections/[id]/route.ts",
    method: "PATCH",
    path: (i) => `/api/admin/collections/${i.collection}`,
    body: (actor) => ({ description: `Described by ${actor}` }),
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/collections/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/collections/${i.doomedCollection}`,
    expect: adminOnly(200),
  },
  // JSON is not a file: the admin learns that the body must be the file's bytes; nobody else learns anything.
  {
    file: "app/api/admin/collections/[id]/documents/route.ts",
    method: "POST",
    path: (i) => `/api/admin/collections/${i.collection}/documents?name=a.txt`,
    body: () => ({}),
    expect: adminOnly(400),
  },
  {
    file: "app/api/admin/collections/[id]/documents/[documentId]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/collections/${i.collection}/documents/${i.doomedCollectionFile}`,
    expect: adminOnly(200),
  },
  // A collection's passage is readable by whoever may use the collection.
  {
    file: "app/api/documents/[id]/chunks/[chunkId]/route.ts",
    method: "GET",
    path: (i) => `/api/documents/${i.collectionFile}/chunks/${i.collectionChunk}`,
    expect: signedIn(200),
  },
  {
    file: "app/api/documents/[id]/chunks/[chunkId]/route.ts",
    method: "GET",
    path: (i) => `/api/documents/${i.adultsFile}/chunks/${i.adultsChunk}`,
    expect: { ...signedIn(200), child: 404 },
  },
  {
    file: "app/api/conversations/[id]/collections/route.ts",
    method: "GET",
    path: (i) => `/api/conversations/${i.conversation}/collections`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/collections/route.ts",
    method: "POST",
    path: (i) => `/api/conversations/${i.conversation}/collections`,
    body: (_actor, i) => ({ collectionId: i.collection }),
    expect: ownerOnly(200),
  },
  {
    file: "app/api/conversations/[id]/collections/[collectionId]/route.ts",
    method: "DELETE",
    path: (i) => `/api/conversations/${i.conversation}/collections/${i.collection}`,
    expect: ownerOnly(200),
  },
  { file: "app/api/presets/route.ts", method: "GET", path: () => "/api/presets", expect: signedIn(200) },
  {
    file: "app/api/presets/route.ts",
    method: "POST",
    path: () => "/api/presets",
    body: (actor) => ({ title: `Preset of ${actor}`, content: "Be kind." }),
    expect: signedIn(201),
  },
  { file: "app/api/presets/[id]/route.ts", method: "DELETE", path: (i) => `/api/presets/${i.preset}`, expect: ownerOnly(200) },
  {
    file: "app/api/generations/[id]/stop/route.ts",
    method: "POST",
    path: (i) => `/api/generations/${i.answer}/stop`,
    expect: ownerOnly(200),
  },
  {
    file: "app/api/settings/route.ts",
    method: "PATCH",
    path: () => "/api/settings",
    body: () => ({ locale: "en" }),
    expect: signedIn(200),
  },
  // Family: each member's own account and sessions; the admin's invites, locks, settings, usage and accounts.
  {
    file: "app/api/account/route.ts",
    method: "PATCH",
    path: () => "/api/account",
    body: (actor) => ({ name: `Renamed ${actor}` }),
    expect: signedIn(200),
    // Name and language may change before the password does (the account page is where it is changed).
    mustChange: 200,
  },
  {
    file: "app/api/account/password/route.ts",
    method: "POST",
    path: () => "/api/account/password",
    body: () => ({ current: "not the password", next: "another long password" }),
    expect: signedIn(400),
    mustChange: 400,
  },
  { file: "app/api/account/sessions/route.ts", method: "GET", path: () => "/api/account/sessions", expect: signedIn(200), mustChange: 200 },
  // Before "end all others" below, which would end this session of the owner's first.
  {
    file: "app/api/account/sessions/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/account/sessions/${i.ownerSession}`,
    expect: ownerOnly(204),
    mustChange: 404,
  },
  {
    file: "app/api/account/sessions/route.ts",
    method: "DELETE",
    path: () => "/api/account/sessions",
    expect: signedIn(200),
    mustChange: 200,
  },
  { file: "app/api/admin/invites/route.ts", method: "GET", path: () => "/api/admin/invites", expect: adminOnly(200) },
  {
    file: "app/api/admin/invites/route.ts",
    method: "POST",
    path: () => "/api/admin/invites",
    body: () => ({ role: "member", hours: 24 }),
    expect: adminOnly(201),
  },
  {
    file: "app/api/admin/invites/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/invites/${i.invite}`,
    expect: adminOnly(204),
  },
  { file: "app/api/admin/locks/route.ts", method: "GET", path: () => "/api/admin/locks", expect: adminOnly(200) },
  {
    file: "app/api/admin/locks/route.ts",
    method: "DELETE",
    path: () => "/api/admin/locks",
    body: () => ({ email: "nobody@example.com" }),
    expect: adminOnly(204),
  },
  { file: "app/api/admin/settings/route.ts", method: "GET", path: () => "/api/admin/settings", expect: adminOnly(200) },
  { file: "app/api/admin/embedding-model/route.ts", method: "GET", path: () => "/api/admin/embedding-model", expect: adminOnly(200) },
  {
    file: "app/api/admin/embedding-model/route.ts",
    method: "PUT",
    path: () => "/api/admin/embedding-model",
    body: () => ({ modelId: null }),
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/settings/route.ts",
    method: "PUT",
    path: () => "/api/admin/settings",
    body: () => ({ openSignUp: false }),
    expect: adminOnly(200),
  },
  { file: "app/api/admin/usage/route.ts", method: "GET", path: () => "/api/admin/usage", expect: adminOnly(200) },
  {
    file: "app/api/admin/users/[id]/route.ts",
    method: "PATCH",
    path: (i) => `/api/admin/users/${i.user}`,
    body: () => ({ name: "Renamed by the admin" }),
    expect: adminOnly(200),
  },
  {
    file: "app/api/admin/users/[id]/route.ts",
    method: "DELETE",
    path: (i) => `/api/admin/users/${i.doomedUser.id}`,
    body: (_actor, i) => ({ confirmEmail: i.doomedUser.email }),
    expect: adminOnly(204),
  },
  {
    file: "app/api/admin/users/[id]/password/route.ts",
    method: "POST",
    path: (i) => `/api/admin/users/${i.resetUser}/password`,
    body: () => ({ password }),
    expect: adminOnly(204),
  },
  {
    file: "app/api/admin/users/[id]/limits/route.ts",
    method: "PUT",
    path: (i) => `/api/admin/users/${i.limitedChild}/limits`,
    body: () => ({ allowedModelIds: [], dailyTokenBudget: null, systemPrompt: "", allowedHours: null }),
    expect: adminOnly(200),
  },
  // Whoever holds a valid invite may use it; a made-up token is refused for everyone.
  {
    file: "app/api/invites/accept/route.ts",
    method: "POST",
    path: () => "/api/invites/accept",
    body: (actor) => ({ token: "x".repeat(43), name: "X", email: `invited-${actor}@example.com`, password }),
    expect: all(404),
  },
  // Prometheus metrics: admins (or the metrics token, not set here) only.
  { file: "app/metrics/route.ts", method: "GET", path: () => "/metrics", expect: adminOnly(200) },
  { file: "app/api/health/route.ts", method: "GET", path: () => "/api/health", expect: all(200) },
  { file: "app/api/models/route.ts", method: "GET", path: () => "/api/models", expect: signedIn(200) },
  // Closed once the first account exists, for everyone.
  {
    file: "app/api/signup/route.ts",
    method: "POST",
    path: () => "/api/signup",
    body: (actor) => ({ name: "X", email: `signup-${actor}@example.com`, password }),
    expect: all(403),
  },
];

const PAGES: Row[] = [
  {
    file: "app/share/[token]/page.tsx",
    method: "GET",
    path: () => "/share/no-such-token",
    expect: pageFor({ child: 404, other: 404, admin: 404, owner: 404 }),
  },
  { file: "app/(auth)/login/page.tsx", method: "GET", path: () => "/login", expect: { ...all(307), anonymous: 200 }, mustChange: 307 },
  { file: "app/(auth)/signup/page.tsx", method: "GET", path: () => "/signup", expect: all(200) },
  { file: "app/(chat)/page.tsx", method: "GET", path: () => "/", expect: pageFor({ child: 200, other: 200, admin: 200, owner: 200 }) },
  {
    file: "app/(chat)/c/[id]/page.tsx",
    method: "GET",
    path: (i) => `/c/${i.conversation}`,
    expect: pageFor({ child: 404, other: 404, admin: 404, owner: 200 }),
  },
  {
    file: "app/settings/page.tsx",
    method: "GET",
    path: () => "/settings",
    expect: pageFor({ child: 200, other: 200, admin: 200, owner: 200 }),
    mustChange: 200,
  },
  { file: "app/(auth)/invite/[token]/page.tsx", method: "GET", path: () => `/invite/${"x".repeat(43)}`, expect: all(200) },
  {
    file: "app/account/page.tsx",
    method: "GET",
    path: () => "/account",
    expect: pageFor({ child: 200, other: 200, admin: 200, owner: 200 }),
    mustChange: 200,
  },
  { file: "app/admin/page.tsx", method: "GET", path: () => "/admin", expect: pageFor({ child: 404, other: 404, owner: 404, admin: 200 }) },
];

/** Server actions, once there are any, get rows here the same way. */
const SERVER_ACTIONS: Row[] = [];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** The HTTP methods a route file exports (`export const GET`, `export async function POST`, `export { h as GET }`). */
async function exportedMethods(file: string): Promise<string[]> {
  const text = await fs.readFile(path.join(root, file), "utf8");
  const methods = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g))
    methods.add(m[1] as string);
  for (const m of text.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1] as string);
  return [...methods].sort();
}

describe("every route, page and server action has rows", () => {
  it("app/**/route.ts: each exported method", async () => {
    const routeFiles = (await filesUnder("app")).filter((f) => f.endsWith("/route.ts"));
    expect(routeFiles.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const file of routeFiles) {
      for (const method of await exportedMethods(file)) {
        if (!ROUTES.some((r) => r.file === file && r.method === method)) missing.push(`${method} ${file}`);
      }
    }
    expect(missing, "route handlers without a row in the matrix").toEqual([]);
    expect(
      ROUTES.filter((r) => !routeFiles.includes(r.file)).map((r) => r.file),
      "rows for files that no longer exist",
    ).toEqual([]);
  });

  it("app/**/page.tsx and every 'use server' module", async () => {
    const pages = (await filesUnder("app")).filter((f) => f.endsWith("/page.tsx"));
    expect(pages.filter((p) => !PAGES.some((r) => r.file === p))).toEqual([]);
    const sources = [...(await filesUnder("app")), ...(await filesUnder("components")), ...(await filesUnder("lib"))].filter((f) =>
      /\.(ts|tsx)$/.test(f),
    );
    const actions = [];
    for (const file of sources) {
      if (/^\s*["']use server["']/m.test(await fs.readFile(path.join(root, file), "utf8"))) actions.push(file);
    }
    expect(actions.filter((a) => !SERVER_ACTIONS.some((r) => r.file === a))).toEqual([]);
  });
});

describe("the matrix over HTTP", () => {
  let stack: Stack;
  const clients = {} as Record<Actor, HearthClient>;
  let ids: Ids;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    const family = await setUpFamily(stack, ["Owner", "Other"]);
    clients.admin = family.admin;
    [clients.owner, clients.other] = family.members as [HearthClient, HearthClient];
    clients.anonymous = new HearthClient(stack.baseUrl);
    const created = await clients.admin.json("/api/admin/users", { name: "Kid", email: "kid@example.com", password, role: "child" });
    if (created.status !== 201) throw new Error(`child creation failed: ${created.status}`);
    clients.child = new HearthClient(stack.baseUrl);
    if (!(await clients.child.login("kid@example.com", password))) throw new Error("child login failed");
    const models = await clients.admin.json<{ models: { id: string }[] }>("/api/admin/models");
    // A conversation whose answer is over (so another message may follow), one to delete, and a pending answer.
    const chat = await startChat(clients.owner, "the owner's question");
    await clients.owner.json(`/api/generations/${chat.generationId}/stop`, {});
    const doomed = await startChat(clients.owner, "to be deleted");
    const pending = await startChat(clients.owner, "still waiting");
    const finished = await startChat(clients.owner, "answer this again");
    await clients.owner.json(`/api/generations/${finished.generationId}/stop`, {});
    const preset = await clients.owner.json<{ preset: { id: string } }>("/api/presets", { title: "Mine", content: "Be brief." });
    const apiKey = await clients.owner.json<{ key: { id: string } }>("/api/account/api-keys", { name: "to be revoked" });
    const folder = await clients.owner.json<{ folder: { id: string } }>("/api/folders", { name: "Mine" });
    const doomedFolder = await clients.owner.json<{ folder: { id: string } }>("/api/folders", { name: "Doomed" });
    ids = {
      conversation: chat.conversationId,
      answer: pending.generationId,
      finished: finished.generationId,
      preset: preset.data.preset.id,
      doomed: doomed.conversationId,
      model: models.data.models[0]?.id ?? "",
      apiKey: apiKey.data.key.id,
      folder: folder.data.folder.id,
      doomedFolder: doomedFolder.data.folder.id,
      conversationImport: await ownerImport(),
      ...(await ownerFiles(chat.conversationId)),
      ...(await familyCollections(chat.conversationId)),
      ...(await adminTargets()),
      ownerSession: await spareSession("owner@example.com"),
    };
    await setUpEndedCallers();
  }, 180_000);

  /** A finished import of the owner's, as the import leaves it. */
  async function ownerImport(): Promise<string> {
    const [row] = await sql<{ id: string }>(
      stack,
      `INSERT INTO "ConversationImport" (id, "userId", "fileName", status)
       SELECT gen_random_uuid()::text, id, 'conversations.json', 'done' FROM "User" WHERE email = 'owner@example.com' RETURNING id`,
    );
    return row?.id ?? "";
  }

  /** Two of the owner's files (one to delete), a passage (the worker is off: written as it would), one attached. */
  async function ownerFiles(conversationId: string) {
    const upload = async (name: string) => {
      const response = await clients.owner.fetch(`/api/documents?name=${name}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: "Notes about the house.",
      });
      return ((await response.json()) as { document: { id: string } }).document.id;
    };
    const document = await upload("notes.txt");
    const [chunk] = await sql<{ id: string }>(
      stack,
      `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, text) VALUES (gen_random_uuid()::text, $1, 0, 'Notes about the house.') RETURNING id`,
      [document],
    );
    await clients.owner.json(`/api/conversations/${conversationId}/documents`, { documentIds: [document] });
    return { document, doomedDocument: await upload("old.txt"), chunk: chunk?.id ?? "" };
  }

  /**
   * Collections for everyone and adults only, each with a file and a passage (the worker is off: written as it
   * would), one in the owner's conversation; a collection and a file for the admin's deletes.
   */
  async function familyCollections(conversationId: string) {
    const make = async (name: string, audience = "everyone") =>
      (await clients.admin.json<{ collection: { id: string } }>("/api/admin/collections", { name, audience })).data.collection.id;
    const file = async (collectionId: string) => {
      const response = await clients.admin.fetch(`/api/admin/collections/${collectionId}/documents?name=manual.txt`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: "How the boiler works.",
      });
      const id = ((await response.json()) as { document: { id: string } }).document.id;
      const [chunk] = await sql<{ id: string }>(
        stack,
        `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, text) VALUES (gen_random_uuid()::text, $1, 0, 'How the boiler works.') RETURNING id`,
        [id],
      );
      return { id, chunk: chunk?.id ?? "" };
    };
    const collection = await make("House manuals");
    const adults = await make("Grown-ups", "adults");
    const [everyoneFile, adultsFile] = [await file(collection), await file(adults)];
    await clients.owner.json(`/api/conversations/${conversationId}/collections`, { collectionId: collection });
    return {
      collection,
      doomedCollection: await make("Doomed collection"),
      collectionFile: everyoneFile.id,
      collectionChunk: everyoneFile.chunk,
      adultsFile: adultsFile.id,
      adultsChunk: adultsFile.chunk,
      doomedCollectionFile: (await file(collection)).id,
    };
  }

  /** Real things for the admin rows to act on, so the admin's success is checked and not only the refusals. */
  async function adminTargets() {
    const model = async (name: string, filePath = TEST_MODEL_FILE) =>
      (await clients.admin.json<{ model: { id: string } }>("/api/admin/models", { name, filePath })).data.model.id;
    // Deleting a model deletes its file: the doomed one has a copy of its own.
    await fs.copyFile(path.join(stack.modelsDir, TEST_MODEL_FILE), path.join(stack.modelsDir, "doomed.gguf"));
    const user = async (name: string, role = "member") => {
      const email = `${name.toLowerCase()}@example.com`;
      const made = await clients.admin.json<{ user: { id: string } }>("/api/admin/users", { name, email, password, role });
      if (made.status !== 201) throw new Error(`creating ${name} failed: ${made.status}`);
      return { id: made.data.user.id, email };
    };
    // Pulls in the states their actions need, written as the worker would (no Hub is involved here).
    const pull = async (status: string) =>
      (
        await sql<{ id: string }>(
          stack,
          `INSERT INTO "ModelPull" (id, repo, file, status, "updatedAt") VALUES ($1, 'owner/repo', 'x.gguf', $2::"PullStatus", now()) RETURNING id`,
          [`pull-${status}-${crypto.randomUUID()}`, status],
        )
      )[0]?.id ?? "";
    const invite = await clients.admin.json<{ invite: { id: string } }>("/api/admin/invites", { role: "member", hours: 24 });
    return {
      spareModel: await model("Spare"),
      doomedModel: await model("Doomed", "doomed.gguf"),
      pullRunning: await pull("downloading"),
      pullFailed: await pull("failed"),
      pullDiscard: await pull("failed"),
      invite: invite.data.invite.id,
      user: (await user("Renamed")).id,
      doomedUser: await user("Doomed"),
      resetUser: (await user("Reset")).id,
      limitedChild: (await user("Limited", "child")).id,
    };
  }

  /** A second session of the person's, ended by the owner's row for DELETE /api/account/sessions/[id]. */
  async function spareSession(email: string): Promise<string> {
    const other = new HearthClient(stack.baseUrl);
    if (!(await other.login(email, password))) throw new Error("second sign-in failed");
    const listed = await other.json<{ sessions: { id: string; current: boolean }[] }>("/api/account/sessions");
    return listed.data.sessions.find((s) => s.current)?.id ?? "";
  }

  async function setUpEndedCallers() {
    const person = async (name: string, role = "member") => {
      const email = `${name.toLowerCase()}@example.com`;
      const made = await clients.admin.json<{ user: { id: string } }>("/api/admin/users", { name, email, password, role });
      if (made.status !== 201) throw new Error(`creating ${name} failed: ${made.status}`);
      const client = new HearthClient(stack.baseUrl);
      if (!(await client.login(email, password))) throw new Error(`${name} could not sign in`);
      return { id: made.data.user.id, email, client };
    };
    // A copy of the cookie, kept after its browser signed out.
    const leaver = await person("Leaver");
    clients.signedOut = leaver.client.copy();
    await leaver.client.signOut();
    // A session ended from another of the person's browsers.
    const revoked = await person("Revoked");
    const revokedId = (
      await revoked.client.json<{ sessions: { id: string; current: boolean }[] }>("/api/account/sessions")
    ).data.sessions.find((s) => s.current)?.id;
    const elsewhere = new HearthClient(stack.baseUrl);
    await elsewhere.login(revoked.email, password);
    await elsewhere.json(`/api/account/sessions/${revokedId}`, undefined, "DELETE");
    clients.revoked = revoked.client;
    // Signed in, then disabled by the admin.
    const disabled = await person("Disabled");
    await clients.admin.json(`/api/admin/users/${disabled.id}`, { status: "disabled" }, "PATCH");
    clients.disabled = disabled.client;
    // Signed up while sign-up was open: waiting for approval, the right password gets no session.
    await clients.admin.json("/api/admin/settings", { openSignUp: true }, "PUT");
    clients.pending = new HearthClient(stack.baseUrl);
    await clients.pending.json("/api/signup", { name: "Waiting", email: "waiting@example.com", password });
    const waiting = await clients.pending.signIn("waiting@example.com", password);
    if (waiting.error !== "pending") throw new Error(`a pending account signed in: ${JSON.stringify(waiting)}`);
    await clients.admin.json("/api/admin/settings", { openSignUp: false }, "PUT");
    // An admin reset the password: signed in with it, and must choose a new one first.
    const reset = await person("MustChange");
    await clients.admin.json(`/api/admin/users/${reset.id}/password`, { password: "a password the admin chose" });
    clients.mustChange = new HearthClient(stack.baseUrl);
    if (!(await clients.mustChange.login(reset.email, "a password the admin chose"))) throw new Error("must-change sign-in failed");
    // From a machine of their own: sign-up is limited per address, and ten callers on one would spend it.
    for (const actor of [...ENDED_ACTORS, "mustChange"] as const) clients[actor].localAddress = "127.0.0.2";
  }

  afterAll(async () => {
    await stack?.stop();
  });

  const rows = [...ROUTES, ...PAGES, ...SERVER_ACTIONS];

  it(`gives each of the ${rows.length} rows × ${ACTORS.length} callers (${rows.length * ACTORS.length} cells) the expected status`, async () => {
    const failures: string[] = [];
    const call = async (row: Row, actor: Actor) => {
      const body = row.body?.(actor, ids);
      const controller = new AbortController();
      const response = await clients[actor].fetch(row.path(ids), {
        method: row.method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      controller.abort(); // event streams stay open; only the status matters here
      if (response.status !== expected(row, actor)) {
        failures.push(`${row.method} ${row.path(ids)} as ${actor}: ${response.status}, expected ${expected(row, actor)}`);
      }
    };
    for (const row of rows) {
      // Callers that can change nothing of anyone else's go at once; then the admin, then the owner (who may delete).
      await Promise.all(ACTORS.filter((a) => a !== "admin" && a !== "owner").map((actor) => call(row, actor)));
      await call(row, "admin");
      await call(row, "owner");
    }
    expect(failures).toEqual([]);
    // Signed out by the next-auth row? The session cookie would be gone: the owner still reads its own data.
    expect((await clients.owner.json("/api/conversations")).status).toBe(200);
  }, 420_000); // about 40 s on an idle machine; far more when many test runs share two cores

  it("/v1 with key callers: valid, revoked, expired, a child's and a disabled owner's key", async () => {
    const keyOf = async (client: HearthClient, body: Record<string, unknown> = { name: "matrix" }) =>
      (await client.json<{ key: { id: string }; secret: string }>("/api/account/api-keys", body)).data;
    await clients.admin.json("/api/admin/api-keys", { members: true, children: true }, "PUT");
    const valid = await keyOf(clients.owner);
    const revoked = await keyOf(clients.owner);
    await clients.owner.fetch(`/api/account/api-keys/${revoked.key.id}`, { method: "DELETE" });
    const expired = await keyOf(clients.owner, { name: "expired", expiresInDays: 1 });
    await sql(stack, `UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [expired.key.id]);
    const child = await keyOf(clients.child);
    const leaving = await addPerson(stack, clients.admin, "Leaving");
    const disabled = await keyOf(leaving.client);
    await clients.admin.json(`/api/admin/users/${leaving.id}`, { status: "disabled" }, "PATCH");
    const callers = { valid, revoked, expired, child, disabled };
    const keyRows: { method: string; path: string; body?: unknown; expect: Record<keyof typeof callers, number> }[] = [
      { method: "GET", path: "/v1/models", expect: { valid: 200, revoked: 401, expired: 401, child: 200, disabled: 401 } },
      { method: "GET", path: "/v1/models/Tiny", expect: { valid: 200, revoked: 401, expired: 401, child: 200, disabled: 401 } },
      { method: "GET", path: "/v1/models/no-such-model", expect: { valid: 404, revoked: 401, expired: 401, child: 404, disabled: 401 } },
      // No embedding model is installed here: a key that works learns only that (404); tests/integration/embeddings.test.ts embeds.
      {
        method: "POST",
        path: "/v1/embeddings",
        body: { model: "Tiny", input: "hi" },
        expect: { valid: 404, revoked: 401, expired: 401, child: 404, disabled: 401 },
      },
      {
        method: "POST",
        path: "/v1/chat/completions",
        body: { model: "Tiny", messages: [{ role: "user", content: "hi" }], stream: true },
        expect: { valid: 200, revoked: 401, expired: 401, child: 200, disabled: 401 },
      },
    ];
    const failures: string[] = [];
    // 15 wrong keys in all, from this one address: under the wrong-key limit (20 a minute), which is not what this checks.
    for (const row of keyRows) {
      for (const [caller, { secret }] of Object.entries(callers) as [keyof typeof callers, { secret: string }][]) {
        const controller = new AbortController();
        const response = await fetch(`${stack.baseUrl}${row.path}`, {
          method: row.method,
          headers: {
            authorization: `Bearer ${secret}`,
            "content-type": "application/json",
          },
          body: row.body === undefined ? undefined : JSON.stringify(row.body),
          signal: controller.signal,
        });
        controller.abort();
        if (response.status !== row.expect[caller]) failures.push(`${row.method} ${row.path} with the ${caller} key: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    await clients.admin.json("/api/admin/api-keys", { members: true, children: false }, "PUT");
  }, 60_000);
});
