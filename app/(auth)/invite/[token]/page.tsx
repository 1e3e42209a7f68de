import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";
import { getTranslator } from "@/lib/i18n/server";
import { findUsableInvite } from "@/lib/queries/invites";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, invite] = await Promise.all([getTranslator(), findUsableInvite(token)]);
  if (!invite) {
    return (
      <p role="alert" className="text-center text-sm">
        {t("invite.expired")}{" "}
        <Link href="/login" className="underline">
          {t("auth.signIn")}
        </Link>
      </p>
    );
  }
  return (
    <>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{t("invite.welcome")}</p>
      <AuthForm mode="invite" inviteToken={token} />
    </>
  );
}
