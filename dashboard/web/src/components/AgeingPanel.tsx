// Approved but not yet paid, by days since approval (GET /api/summary/ageing), for the filter's jurisdiction (or
// the reader's whole view), as of a day: the overview's is today, a year view's the year's last day once it is over.
import type { Ageing } from "../../../../shared/ledger/ageing.ts";
import { fetchAgeing } from "../api/endpoints.ts";
import { useRequest } from "../api/useRequest.ts";
import { useT } from "../i18n/I18n.tsx";
import { Money } from "./Money.tsx";
import { Await } from "./States.tsx";

const BUCKET_TEXT = { "0-30": "ageing.bucket0to30", "31-90": "ageing.bucket31to90", "over-90": "ageing.bucketOver90", "not-recorded": "ageing.bucketNotRecorded" } as const;

export function AgeingPanel({ jurisdiction, asOf }: { jurisdiction?: string; asOf: string }) {
  const t = useT();
  const request = useRequest(`ageing:${jurisdiction ?? ""}:${asOf}`, (signal) => fetchAgeing(jurisdiction, asOf, signal));
  return (
    <section className="ageing-panel" aria-labelledby="ageing-title">
      <h3 id="ageing-title">{t("ageing.title")}</h3>
      <Await request={request}>{(data) => <AgeingTable data={data} />}</Await>
    </section>
  );
}

function AgeingTable({ data }: { data: Ageing }) {
  const t = useT();
  return (
    <>
      <p className="note">{t("ageing.intro", { asOf: data.asOf })}</p>
      <table className="data-table ageing-table" data-as-of={data.asOf}>
        <caption>{t("ageing.caption", { asOf: data.asOf })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("ageing.colBucket")}</th>
            <th scope="col">{t("ageing.colCount")}</th>
            <th scope="col">{t("ageing.colOutstanding")}</th>
          </tr>
        </thead>
        <tbody>
          {data.buckets.map((b) => (
            <tr key={b.bucket} data-bucket={b.bucket}>
              <th scope="row">{t(BUCKET_TEXT[b.bucket])}</th>
              <td className="num">{b.count}</td>
              <td>
                <Money yuan={b.outstanding} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-bucket="total">
            <th scope="row">{t("ageing.total")}</th>
            <td className="num">{data.total.count}</td>
            <td>
              <Money yuan={data.total.outstanding} />
            </td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}
