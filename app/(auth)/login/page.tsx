import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { hasAnyUser } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (!(await hasAnyUser())) redirect("/signup");
  if (await currentUser()) redirect("/");
  const t = await getTranslator();
  return (
    <>
      <AuthForm mode="login" />
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {t("auth.noAccount")}{" "}
        <Link href="/signup" className="underline">
          {t("auth.more")}
        </Link>
      </p>
    </>
  );
}
