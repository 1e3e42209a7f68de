// A signed-in HTTP client for integration tests: logs in through next-auth like a browser does.
import { type GenerationEvent, isFinal } from "@/lib/generations/protocol";
import { readEventStream } from "@/lib/generations/sse-frames";
import { fetchFrom } from "./local-address";

export class HearthClient {
  private cookies = new Map<string, string>();

  /** Sent with every request, e.g. a forged header an attacker would add. */
  extraHeaders: Record<string, string> = {};

  /** The local address to connect from (a client other than 127.0.0.1); unset: the default. */
  localAddress: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** A second client holding a copy of this one's cookies (a stolen or kept cookie). */
  copy(): HearthClient {
    const copy = new HearthClient(this.baseUrl);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.extraHeaders)) if (!headers.has(name)) headers.set(name, value);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const response = this.localAddress
      ? await fetchFrom(this.localAddress, `${this.baseUrl}${path}`, { ...init, headers })
      : await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: "manual" });
    this.keepCookies(response);
    return response;
  }

  async json<T = Record<string, unknown>>(path: string, body?: unknown, method?: string): Promise<{ status: number; data: T }> {
    const response = await this.fetch(path, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, data: (text ? JSON.parse(text) : {}) as T };
  }

  /** Signs out like the account menu does (next-auth's sign-out form). */
  async signOut(): Promise<number> {
    const csrf = await this.json<{ csrfToken: string }>("/api/auth/csrf");
    const response = await this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.data.csrfToken, json: "true" }),
    });
    await response.body?.cancel();
    return response.status;
  }

  async login(email: string, password: string): Promise<boolean> {
    return (await this.signIn(email, password)).ok;
  }

  /** Signs in like the browser's form; `error` is what next-auth tells the form when it fails. */
  async signIn(email: string, password: string): Promise<{ ok: boolean; error: string | null }> {
    const csrf = await this.json<{ csrfToken: string }>("/api/auth/csrf");
    const response = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.data.csrfToken, email, password, json: "true" }),
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    const error = body.url ? new URL(body.url, this.baseUrl).searchParams.get("error") : null;
    return { ok: !error && [...this.cookies.keys()].some((k) => k.includes("session-token")), error };
  }
}

export type SseEvent = { id: string | null; data: Record<string, unknown> & { type: string } };

type ReadOptions = { lastEventId?: string; limit?: number; onEvent?: (e: SseEvent) => void };

/**
 * Reads a generation's SSE stream until a final event (or the limit). Like EventSource, it reconnects
 * with the last event id when a connection ends early (a few times, then gives up).
 */
export async function readEvents(client: HearthClient, generationId: string, options: ReadOptions = {}): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  let lastEventId = options.lastEventId;
  for (let attempt = 0; attempt < 5; attempt++) {
    const limit = options.limit ? options.limit - events.length : undefined;
    const batch = await readOnce(client, generationId, { ...options, lastEventId, limit }).catch(() => [] as SseEvent[]);
    events.push(...batch);
    const last = events.at(-1);
    if (last && isFinal(last.data as GenerationEvent)) return events;
    if (options.limit && events.length >= options.limit) return events;
    lastEventId = [...events].reverse().find((e) => e.id)?.id ?? lastEventId;
    await new Promise((r) => setTimeout(r, 500));
  }
  return events;
}

async function readOnce(client: HearthClient, generationId: string, options: ReadOptions): Promise<SseEvent[]> {
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (options.lastEventId) headers["last-event-id"] = options.lastEventId;
  const controller = new AbortController();
  const response = await client.fetch(`/api/generations/${generationId}/events`, { headers, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`events: HTTP ${response.status}`);
  return readSse(response, controller, options);
}

/**
 * Sends a message the way the browser does: the POST answers with the new generation's event stream, whose
 * first event (`sent`, without an id) carries the ids. Reads until the final event, or the limit (then the
 * connection is dropped, as a closed tab or a lost network would).
 */
export async function sendStreaming(
  client: HearthClient,
  path: string,
  body: unknown,
  options: { limit?: number; onEvent?: (e: SseEvent) => void; onResponse?: (response: Response) => void } = {},
): Promise<{ status: number; events: SseEvent[]; error?: { code: string; message: string } }> {
  const controller = new AbortController();
  const response = await client.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  options.onResponse?.(response);
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    const data = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    return { status: response.status, events: [], error: data.error };
  }
  return { status: response.status, events: await readSse(response, controller, options) };
}

/** Reads SSE frames from a response until a final event or the limit, then aborts the connection. */
async function readSse(response: Response, controller: AbortController, options: Omit<ReadOptions, "lastEventId">): Promise<SseEvent[]> {
  if (!response.body) throw new Error("no response body");
  const events: SseEvent[] = [];
  try {
    await readEventStream(response.body, (frame) => {
      const event: SseEvent = { id: frame.id, data: JSON.parse(frame.data) };
      events.push(event);
      options.onEvent?.(event);
      const stop = isFinal(event.data as GenerationEvent) || Boolean(options.limit && events.length >= options.limit);
      return stop ? "stop" : undefined;
    });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  controller.abort();
  return events;
}

/** The answer as a client builds it from the events: the text of the latest attempt only. */
export function answerText(events: SseEvent[]): string {
  let text = "";
  let attempt = 0;
  for (const e of events) {
    if (e.data.type === "started") {
      text = "";
      attempt = Number(e.data.attempt);
    }
    if (e.data.type === "token" && Number(e.data.attempt) === attempt) text += String(e.data.text);
  }
  return text;
}
