import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";
import { hasAnyUser } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function SignupPage() {
  if (await hasAnyUser()) {
    return (
      <p className="text-center text-sm">
        Sign-up is closed: your Hearth admin creates accounts for the family.{" "}
        <Link href="/login" className="underline">
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <>
      <p className="text-center text-sm text-zinc-500">Welcome! The first account becomes this Hearth&apos;s admin.</p>
      <AuthForm mode="signup" />
    </>
  );
}
