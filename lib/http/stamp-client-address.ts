// Next.js gives route handlers no socket: it only fills in X-Forwarded-For from the socket when the client
// sent none, so a client who sends one hides its real address. This hook sees each request before Next.js
// does and writes the resolved client address into a header of our own, replacing any copy the client sent.
import http from "node:http";
import { getEnv } from "../env";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies, resolveClientAddress } from "./client-address";

const globalForHook = globalThis as unknown as { hearthClientAddressHook?: boolean };

export function stampClientAddresses(): void {
  if (globalForHook.hearthClientAddressHook) return;
  globalForHook.hearthClientAddressHook = true;
  const trusted = parseTrustedProxies(getEnv().HEARTH_TRUSTED_PROXIES);
  // On the prototype: the server Next.js already created dispatches its requests through it as well.
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      const forwarded = request.headers["x-forwarded-for"];
      request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({
        peer: request.socket.remoteAddress,
        forwardedFor: Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
        trusted,
      });
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
