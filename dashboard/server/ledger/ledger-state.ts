// What every summary and export says besides its figures: the commitments, and how much of the ledger is sample
// data. Read from small tables and the sample rows' own index, never by scanning the ledger.
import type { Commitment } from "../../../shared/catalog/schema.ts";
import { countAll, type Executor } from "../db/open.ts";
import { listCommitments } from "./commitments.ts";

export interface LedgerState {
  commitments: Commitment[];
  /** Whether any row or commitment is sample data. */
  sample: boolean;
  sampleRows: number;
  totalRows: number;
  computedAt: string;
}

export async function ledgerState(ex: Executor): Promise<LedgerState> {
  const commitments = (await listCommitments(ex)).map((c) => c.commitment);
  const sample = await ex.selectFrom("ledger_rows").select(countAll.as("n")).where("sample", "=", 1).executeTakeFirst();
  const total = await ex.selectFrom("ledger_totals").select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>("count"), eb.lit(0)).as("n")).executeTakeFirst();
  const sampleRows = Number(sample?.n ?? 0);
  return {
    commitments,
    sample: sampleRows > 0 || commitments.some((c) => c.sample),
    sampleRows,
    totalRows: Number(total?.n ?? 0),
    computedAt: new Date().toISOString(),
  };
}
