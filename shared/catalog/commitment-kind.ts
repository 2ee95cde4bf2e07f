// A commitment's kind, readable without the schema (and without zod, which the dashboard's first view leaves out).
export type CommitmentKind = "ceiling" | "floor";

/** A commitment's kind: as stated, else a floor where it says 至少 (atLeast), else a ceiling. */
export function commitmentKind(c: { kind?: CommitmentKind | undefined; atLeast: boolean }): CommitmentKind {
  return c.kind ?? (c.atLeast ? "floor" : "ceiling");
}
