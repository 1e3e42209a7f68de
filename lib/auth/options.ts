// next-auth configuration: email + password (argon2) with JWT sessions in an httpOnly cookie.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getWebEnv } from "../env";
import { clientAddress } from "../http/client-address";
import { createSession, endSession } from "../queries/sessions";
import { normalizeEmail, verifyCredentials } from "../queries/users";
import { countSignInAttempt, signInSucceeded, TooManyAttemptsError } from "./sign-in-limit";

const credentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

export const authOptions: NextAuthOptions = {
  // Read when the options are used (a request), not at import time (the build has no secret).
  get secret() {
    return getWebEnv().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const email = normalizeEmail(parsed.data.email);
        const address = clientAddress(req?.headers);
        // Counted first: a refused attempt never reaches the password check. next-auth hands the message to the form.
        await countSignInAttempt(email, address).catch((error) => {
          // The form puts "locked:<minutes>" into words in the reader's language (components/auth/auth-form.tsx).
          if (error instanceof TooManyAttemptsError) throw new Error(`locked:${Math.ceil(error.retryAfterSeconds / 60)}`);
          throw error;
        });
        const user = await verifyCredentials(email, parsed.data.password);
        if (!user) return null;
        await signInSucceeded(email, address);
        // Only after the right password: telling a stranger that an account waits reveals nothing.
        if (user.status === "pending") throw new Error("pending");
        if (user.status === "disabled") throw new Error("disabled");
        if (user.status !== "active") return null;
        const userAgent = String((req?.headers as Record<string, unknown> | undefined)?.["user-agent"] ?? "");
        const sessionId = await createSession(user.id, userAgent);
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, sessionId };
      },
    }),
  ],
  events: {
    // The cookie alone would stay valid for its whole life (a copy of it too): signing out ends its row.
    async signOut({ token }) {
      if (token?.sub && typeof token.sid === "string") await endSession(token.sub, token.sid);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        // Compared with the account's on every request (lib/auth/session.ts): bumping it ends this session.
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.sid = (user as { sessionId?: string }).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        Object.assign(session.user, {
          id: token.sub,
          sessionId: token.sid,
          sessionVersion: typeof token.sv === "number" ? token.sv : -1,
        });
      }
      return session;
    },
  },
};
