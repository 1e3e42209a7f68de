// Browser-side JSON calls: one place that reads Hearth's error shape. The server has already translated
// `message`; an empty one (no answer from Hearth itself) is put into words by useErrorText.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The error a failed response carries (Hearth's `{ error: { code, message } }`), as an ApiError. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const data = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  return new ApiError(data.error?.message ?? "", response.status, data.error?.code ?? "unknown");
}

export async function api<T>(url: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
    headers: init?.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw await errorFrom(response);
  return (await response.json().catch(() => ({}))) as T;
}
