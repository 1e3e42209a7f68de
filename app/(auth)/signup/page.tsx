import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";
import { getTranslator } from "@/lib/i18n/server";
import { getSettings } from "@/lib/queries/accounts";
import { hasAnyUser } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function SignupPage() {
  const t = await getTranslator();
  if (!(await hasAnyUser())) {
    return (
      <>
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{t("auth.welcome")}</p>
        <AuthForm mode="signup" />
      </>
    );
  }
  if ((await getSettings()).openSignUp) {
    return (
      <>
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">{t("auth.requestIntro")}</p>
        <AuthForm mode="request" />
      </>
    );
  }
  return (
    <p className="text-center text-sm">
      {t("auth.signupClosedInvite")}{" "}
      <Link href="/login" className="underline">
        {t("auth.signIn")}
      </Link>
    </p>
  );
}
