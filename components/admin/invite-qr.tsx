"use client";

// An invite link as a QR code, so a phone's camera opens it. Drawn here from the encoder's module grid (no
// network, no HTML strings): one SVG path of dark squares.
import { useMemo } from "react";
import { encode } from "uqr";

export function InviteQr({ link, label }: { link: string; label: string }) {
  const { size, path } = useMemo(() => {
    // A border of 4 light modules, as the standard asks, so cameras find the code.
    const { data } = encode(link, { ecc: "M", border: 4 });
    const squares = data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : [])));
    return { size: data.length, path: squares.join("") };
  }, [link]);
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="invite-qr"
      data-link={link}
      viewBox={`0 0 ${size} ${size}`}
      width={176}
      height={176}
      shapeRendering="crispEdges"
      className="rounded-lg bg-white"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
