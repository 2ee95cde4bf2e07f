// Whether the screen is a phone's width: charts then give their category labels less room and shorten them (the
// full name stays in the tooltip and the data table).
import { useEffect, useState } from "react";

const QUERY = "(max-width: 600px)";

export function useCompact(): boolean {
  const [compact, setCompact] = useState(() => typeof window !== "undefined" && window.matchMedia(QUERY).matches);
  useEffect(() => {
    const list = window.matchMedia(QUERY);
    const onChange = () => setCompact(list.matches);
    list.addEventListener("change", onChange);
    return () => list.removeEventListener("change", onChange);
  }, []);
  return compact;
}

/** A label cut to `max` characters with an ellipsis. */
export function shortLabel(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The same, read once (for render callbacks, where a hook cannot be called). */
export function isCompactNow(): boolean {
  return typeof window !== "undefined" && window.matchMedia(QUERY).matches;
}

/**
 * The start every label shares, up to a separator ("jiulongpo-" of jiulongpo-1, jiulongpo-10b …): on a phone the
 * labels are cut short, and cut after the shared part every one would read the same.
 */
export function sharedPrefix(labels: readonly string[]): string {
  if (labels.length < 2) return "";
  let prefix = labels[0]!;
  for (const label of labels) while (!label.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf("-"), prefix.lastIndexOf(" "));
  return cut > 0 ? prefix.slice(0, cut + 1) : "";
}
