"use client";
// A family-wide switch saved as soon as it is flipped (PUT /api/admin/settings): the control moves at once and
// moves back, with the reason shown by the caller's action runner, when the server refuses.
import { useState } from "react";
import { api } from "../ui/api";

export function useFamilySwitch(
  name: "openSignUp" | "sharesForChildren",
  initial: boolean,
  run: (action: () => Promise<void>) => Promise<void>,
): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(initial);
  const flip = (next: boolean) => {
    setOn(next);
    void run(async () => {
      try {
        await api("/api/admin/settings", { method: "PUT", body: { [name]: next } });
      } catch (error) {
        setOn(!next);
        throw error;
      }
    });
  };
  return [on, flip];
}
