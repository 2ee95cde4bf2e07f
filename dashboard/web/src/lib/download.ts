// Saves a generated file through the browser's download, named for the view it came from.
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a view's title and filters: "overview-2026-yubei.csv". */
export function fileName(parts: readonly (string | number | undefined)[], ext: string): string {
  const base = parts
    .filter((p) => p !== undefined && p !== "")
    .map((p) => String(p).replace(/[\\/:*?"<>|\s]+/g, "-"))
    .join("-");
  return `${base || "export"}.${ext}`;
}
