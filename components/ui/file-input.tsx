import type { RefObject } from "react";

/**
 * The browser's file chooser, opened by the caller's own button (`ref.current.click()`). It hands the chosen
 * files over and then forgets them, so choosing the same file again still counts.
 */
export function FileInput(props: { ref: RefObject<HTMLInputElement | null>; testId: string; onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={props.ref}
      type="file"
      multiple
      hidden
      data-testid={props.testId}
      onChange={(e) => {
        props.onFiles([...(e.target.files ?? [])]);
        e.target.value = "";
      }}
    />
  );
}
