import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { currentUser } from "@/lib/auth/session";
import { hasAnyUser } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (!(await hasAnyUser())) redirect("/signup");
  if (await currentUser()) redirect("/");
  return (
    <>
      <AuthForm mode="login" />
      <p className="text-center text-sm text-zinc-500">
        No account? Ask your Hearth admin.{" "}
        <Link href="/signup" className="underline">
          More
        </Link>
      </p>
    </>
  );
}
