// next-auth configuration: email + password (argon2) with JWT sessions in an httpOnly cookie.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getWebEnv } from "../env";
import { normalizeEmail, verifyCredentials } from "../queries/users";
import { clearFailedSignIns, isLockedOut, LOCK_SECONDS, recordFailedSignIn } from "./sign-in-limit";

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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const email = normalizeEmail(parsed.data.email);
        if (await isLockedOut(email)) {
          // next-auth hands this message to the sign-in form, which puts it into words ("locked:<minutes>").
          throw new Error(`locked:${LOCK_SECONDS / 60}`);
        }
        const user = await verifyCredentials(email, parsed.data.password);
        if (!user) {
          await recordFailedSignIn(email);
          return null;
        }
        await clearFailedSignIns(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
