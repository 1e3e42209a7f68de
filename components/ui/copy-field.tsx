"use client";
// A link or secret shown once in a read-only box, with a Copy button that says whether the copy worked.
import { useState } from "react";
import { Button } from "./button";
import { copyText } from "./copy-text";

export function CopyField(props: {
  label: string;
  value: string;
  testId: string;
  words: { copy: string; copied: string; notCopied: string };
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <>
      <label className="block">
        <span className="mb-1 block font-medium">{props.label}</span>
        <span className="flex gap-2">
          <input
            readOnly
            value={props.value}
            data-testid={props.testId}
            onFocus={(e) => e.target.select()}
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-transparent px-3 py-2 font-mono text-xs dark:border-zinc-700"
          />
          <Button type="button" variant="secondary" onClick={() => void copyText(props.value).then(setCopied)}>
            {props.words.copy}
          </Button>
        </span>
      </label>
      {copied !== null && (
        <p role={copied ? "status" : "alert"} className={copied ? "text-green-700" : "text-red-600"}>
          {copied ? props.words.copied : props.words.notCopied}
        </p>
      )}
    </>
  );
}
