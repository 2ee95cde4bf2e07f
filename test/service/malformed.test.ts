// Over a thousand malformed requests — invalid JSON, wrong types, huge and negative numbers, SQL-injection
// strings, oversized bodies, unknown fields, wrong content types — each answered with a 4xx JSON error naming
// the field; the service stays up and the data is unchanged.
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, ledgerRow, makeToken, rawRequest, startService, type Service } from "./harness.ts";
import { describeBackends } from "./backends.ts";

interface Case {
  name: string;
  method: string;
  url: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** The field the error must name; a RegExp where it depends on the case. */
  field: string | RegExp;
}

const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE ledger_rows; --",
  "\" OR 1=1 --",
  "x' UNION SELECT hash FROM tokens --",
  "'); DELETE FROM ledger_history; --",
  "1 OR 1=1",
  "%27%20OR%201%3D1",
  "admin'--",
  "${7*7}",
  "<script>alert(1)</script>",
];

const WRONG_VALUES: unknown[] = [
  null,
  true,
  [],
  {},
  "",
  "abc",
  -1,
  -0.01,
  1e300,
  1e14,
  0.001,
  12.345,
  "1000000",
  "2026-02-30",
  "2026/03/02",
  "九龙坡区".repeat(100),
  // Text hygiene: NUL and other control characters, a lone surrogate, an invisible format character.
  "A\u0000B",
  "x\u001by",
  "\ud800",
  "A\u200bB",
  ...INJECTIONS,
];

/** What a text field refuses (the note allows format characters, tabs and line breaks). */
const refusedText = (v: string, note = false) => /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udfff]/.test(v) || (!note && /[\n\t\u200b]/.test(v));

/** Fields of a ledger row and the values among WRONG_VALUES that are valid for them (skipped). */
const ROW_FIELDS: Record<string, (v: unknown) => boolean> = {
  applicationId: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 64 && !refusedText(v),
  projectId: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 64 && !refusedText(v),
  enterprise: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 200 && !refusedText(v),
  creditCode: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 32 && !refusedText(v),
  district: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 50 && !refusedText(v),
  provisionId: (v) => typeof v === "string" && v.trim().length >= 1 && v.length <= 40 && !refusedText(v),
  amount: (v) => v === null || (typeof v === "number" && v >= 0 && v <= 1e13),
  facts: (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0,
  applicationDate: () => false,
  status: () => false,
  approved: (v) => v === null || (typeof v === "number" && v >= 0 && v <= 1e13 && Math.round(v * 100) / 100 === v),
  paid: (v) => v === null || (typeof v === "number" && v >= 0 && v <= 1e13 && Math.round(v * 100) / 100 === v),
  paidDate: (v) => v === null,
  note: (v) => typeof v === "string" && v.length <= 2000 && !refusedText(v, true),
};

function cases(): Case[] {
  const out: Case[] = [];
  const put = (name: string, body: unknown, field: string | RegExp): void => {
    out.push({ name, method: "PUT", url: "/api/ledger/rows", body: JSON.stringify(body), field });
  };
  // Every field of a row with every wrong value, in each row of a batch of three.
  for (const [field, valid] of Object.entries(ROW_FIELDS)) {
    for (const value of WRONG_VALUES) {
      if (valid(value)) continue;
      for (const at of [0, 1, 2]) {
        const rows = [ledgerRow("M-0"), ledgerRow("M-1"), ledgerRow("M-2")];
        (rows[at] as Record<string, unknown>)[field] = value;
        put(`rows.${at}.${field} = ${JSON.stringify(value)?.slice(0, 40)}`, { rows }, `rows.${at}.${field}`);
      }
    }
  }
  // A missing field.
  for (const field of Object.keys(ROW_FIELDS).filter((f) => f !== "facts" && f !== "note")) {
    const row = ledgerRow("M-0") as Record<string, unknown>;
    delete row[field];
    put(`missing ${field}`, { rows: [row] }, `rows.0.${field}`);
  }
  // Facts: unknown names, negative, huge, not exact to the fen, SQL in the key.
  for (const [key, value] of [["bogus", 1], ["centralFunds", -5], ["centralFunds", 1e20], ["centralFunds", 0.005], ["centralFunds", "5"], [INJECTIONS[1] ?? "", 1]] as const) {
    put(`facts.${key}`, { rows: [ledgerRow("M-0", 0, { facts: { [key]: value } as never })] }, /^rows\.0\.facts/);
  }
  // Unknown fields, at the top and in a row.
  for (const key of ["bogus", "__proto__x", "constructor", "Amount", "application_id", ...INJECTIONS.slice(0, 5)]) {
    put(`unknown top-level ${key}`, { rows: [ledgerRow("M-0")], [key]: 1 }, key);
    put(`unknown row field ${key}`, { rows: [{ ...ledgerRow("M-0"), [key]: 1 }] }, `rows.0.${key}`);
  }
  // Wrong shapes of the whole body.
  for (const [name, body] of [["empty rows", { rows: [] }], ["rows not an array", { rows: {} }], ["rows a string", { rows: "x" }], ["no rows", {}], ["array body", []], ["number body", 5], ["null body", null], ["string body", "rows"]] as const) {
    put(name, body, /^(rows|body)$/);
  }
  // The same application twice in one batch.
  put("duplicate application ID", { rows: [ledgerRow("D-1"), ledgerRow("D-2"), ledgerRow("D-1")] }, "rows.2.applicationId");
  // Invalid JSON.
  const valid = JSON.stringify({ rows: [ledgerRow("J-1")] });
  for (let cut = 1; cut < valid.length; cut += Math.ceil(valid.length / 40)) {
    out.push({ name: `truncated JSON at ${cut}`, method: "PUT", url: "/api/ledger/rows", body: valid.slice(0, cut), field: "body" });
  }
  for (const text of ["{", "}", "{rows: []}", "{'rows': []}", '{"rows": [1,]}', "NaN", '{"rows": [Infinity]}', "\u0000", '{"rows":[{"amount":01}]}', '{"__proto__": {"x": 1}}', "undefined", "[".repeat(50)]) {
    out.push({ name: `invalid JSON ${text.slice(0, 20)}`, method: "PUT", url: "/api/ledger/rows", body: text, field: "body" });
  }
  // Wrong content types.
  for (const type of ["text/plain", "application/xml", "text/csv", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "image/png"]) {
    out.push({ name: `content-type ${type}`, method: "PUT", url: "/api/ledger/rows", body: valid, contentType: type, field: "content-type" });
    out.push({ name: `content-type ${type} (evaluate)`, method: "POST", url: "/api/evaluate", body: '{"rows":[{"provisionId":"jiulongpo-1"}]}', contentType: type, field: "content-type" });
  }
  // An Idempotency-Key that is too long.
  out.push({ name: "idempotency key too long", method: "PUT", url: "/api/ledger/rows", body: valid, headers: { "idempotency-key": "k".repeat(201) }, field: "idempotency-key" });
  // Query parameters: wrong values, SQL injection, unknown names.
  const queryFields: Record<string, string[]> = {
    jurisdiction: ["shanghai", ...INJECTIONS],
    document: ["nope", ...INJECTIONS],
    year: ["abc", "-1", "1e9", "2026.5", ...INJECTIONS],
    status: ["paidd", ...INJECTIONS],
    limit: ["0", "-5", "100000", "ten", ...INJECTIONS],
    offset: ["-1", "x", ...INJECTIONS],
    provision: ["x".repeat(41)],
    enterprise: ["x".repeat(201)],
  };
  for (const [field, values] of Object.entries(queryFields)) {
    for (const value of values) {
      out.push({ name: `GET /api/ledger ${field}=${value}`, method: "GET", url: `/api/ledger?${field}=${encodeURIComponent(value)}`, field });
      if (field !== "limit" && field !== "offset") {
        out.push({ name: `GET /api/summary ${field}=${value}`, method: "GET", url: `/api/summary?${field}=${encodeURIComponent(value)}`, field });
      }
    }
  }
  for (const value of ["bogus", "year,year", INJECTIONS[0] ?? "", "jurisdiction;DROP TABLE x"]) {
    out.push({ name: `GET /api/summary by=${value}`, method: "GET", url: `/api/summary?by=${encodeURIComponent(value)}`, field: "by" });
  }
  for (const name of ["bogus", "drop", ...INJECTIONS.slice(0, 4)]) {
    out.push({ name: `unknown query ${name}`, method: "GET", url: `/api/ledger?${encodeURIComponent(name)}=1`, field: name });
  }
  // History of rows that do not exist, named with injection strings.
  for (const value of INJECTIONS) {
    out.push({ name: `history ${value}`, method: "GET", url: `/api/ledger/${encodeURIComponent(value)}/history`, field: "applicationId" });
  }
  // Evaluate: wrong types and values.
  for (const [field, value] of [["provisionId", 5], ["provisionId", ""], ["amount", -1], ["amount", "100"], ["amount", 1e300], ["date", "2026-13-01"], ["date", INJECTIONS[1]], ["facts", { bogus: 1 }], ["awarded", -3], ["bogus", 1]] as const) {
    out.push({ name: `evaluate ${field}=${String(value)}`, method: "POST", url: "/api/evaluate", body: JSON.stringify({ rows: [{ provisionId: "jiulongpo-1", [field]: value }] }), field: new RegExp(`^rows\\.0\\.${field}`) });
  }
  // Commitments: wrong types and values.
  for (const [field, value] of [["jurisdiction", "beijing"], ["year", 1999], ["year", "2026"], ["amount", -1], ["amount", "lots"], ["amount", 0], ["atLeast", "yes"], ["bogus", 1], ["jurisdiction", INJECTIONS[0]]] as const) {
    const commitment = { jurisdiction: "yubei", year: 2026, amount: 200_000_000, [field]: value };
    out.push({ name: `commitments ${field}=${String(value)}`, method: "PUT", url: "/api/commitments", body: JSON.stringify({ commitments: [commitment] }), field: `commitments.0.${field}` });
  }
  return out;
}

describeBackends("malformed requests", (backend) => {
  const dbPath = backend.database("malformed");
  let service: Service;
  let token: string;

  beforeAll(async () => {
    token = await makeToken(dbPath, "editor,admin", "malformed");
    service = await startService({ dbPath });
    const seed = await call(service, "PUT", "/api/ledger/rows", { token, json: { rows: [ledgerRow("KEEP-1"), ledgerRow("KEEP-2", 1)] } });
    expect(seed.status).toBe(200);
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function snapshot(): Promise<string> {
    const ledger = await call(service, "GET", "/api/ledger?limit=5000");
    const history = await Promise.all(["KEEP-1", "KEEP-2"].map((id) => call(service, "GET", `/api/ledger/${id}/history`)));
    const commitments = await call(service, "GET", "/api/commitments");
    return JSON.stringify([ledger.body, history.map((h) => h.body), commitments.body]);
  }

  it("answers each with a 4xx JSON error naming the field, and changes nothing", async () => {
    const before = await snapshot();
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(1000);
    const failures: string[] = [];
    let i = 0;
    const worker = async (): Promise<void> => {
      while (i < all.length) {
        const c = all[i++] as Case;
        const headers: Record<string, string> = { ...c.headers };
        if (c.body !== undefined) headers["content-type"] = c.contentType ?? "application/json";
        const reply = await call(service, c.method, c.url, { token, ...(c.body !== undefined ? { body: c.body } : {}), headers });
        const error = (reply.body as { error?: { field?: unknown; code?: unknown; message?: { zh?: unknown; en?: unknown } } } | undefined)?.error;
        const field = typeof error?.field === "string" ? error.field : "";
        const fieldOk = typeof c.field === "string" ? field === c.field : c.field.test(field);
        const ok =
          reply.status >= 400 &&
          reply.status < 500 &&
          (reply.headers.get("content-type") ?? "").startsWith("application/json") &&
          fieldOk &&
          typeof error?.message?.zh === "string" &&
          typeof error?.message?.en === "string";
        if (!ok) failures.push(`${c.name}: ${reply.status} field=${field} ${reply.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);

    // Oversized bodies: refused at the 5 MB limit.
    const big = Buffer.from(JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, n) => ledgerRow(`BIG-${n}`, n, { note: "说明".repeat(60) })) }));
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    for (let k = 0; k < 5; k++) {
      const reply = await rawRequest(service, "PUT", "/api/ledger/rows", { authorization: `Bearer ${token}`, "content-type": "application/json" }, big);
      expect(reply.status).toBe(413);
      expect(reply.contentType).toMatch(/^application\/json/);
      expect((reply.body as { error: { field: string } }).error.field).toBe("body");
    }

    expect((await call(service, "GET", "/api/health")).status).toBe(200);
    expect(await snapshot()).toBe(before);
  }, 120_000);
});
