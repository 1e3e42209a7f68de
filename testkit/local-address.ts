// fetch from a chosen local address (127.0.0.2, 127.0.0.3…): stands for different clients reaching the server
// directly, without a proxy, which is what the server sees as their address. Global fetch cannot bind one.
import http from "node:http";

export function fetchFrom(localAddress: string, url: string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const body = init.body === undefined || init.body === null ? null : Buffer.from(String(init.body));
  const headers = new Headers(init.headers);
  // Node frames a DELETE body only when told its length.
  if (body) headers.set("content-length", String(body.length));
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? "GET",
        headers: Object.fromEntries(headers),
        localAddress,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const headers = new Headers();
          for (let i = 0; i + 1 < response.rawHeaders.length; i += 2)
            headers.append(response.rawHeaders[i] ?? "", response.rawHeaders[i + 1] ?? "");
          const status = response.statusCode ?? 500;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    request.on("error", reject);
    if (body) request.write(body);
    request.end();
  });
}
