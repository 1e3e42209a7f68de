import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="text-zinc-500">This page does not exist, or it is not yours to see.</p>
      <Link href="/" className="underline">
        Back to chat
      </Link>
    </main>
  );
}
