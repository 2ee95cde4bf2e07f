// The what-if as a draft notice (申报通知): named (title, 文号, application window), saved in the service, reopened
// from the office's drafts, its figures set side by side with the document's, and published by an admin. Saving
// needs a token that may draft (the service's session says so); Publish is shown only to one that may publish.
import { useEffect, useState, type FormEvent } from "react";
import type { Catalog } from "../../../../shared/catalog/catalog.ts";
import { parseParameterValue, type Parameter } from "../../../../shared/engine/parameters.ts";
import { storedToken, storeToken } from "../api/token.ts";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { exact, percent } from "../lib/money.ts";
import { draftOf, type Draft } from "../whatif/overrides.ts";
import { fetchSession, listNotices, publishNotice, saveNotice, type NoticeFields, type Session, type StoredNotice } from "../whatif/notices-api.ts";

const NO_FIELDS: NoticeFields = { title: { zh: "", en: "" }, number: null, window: { start: "", end: "" } };

export function NoticeDraft({
  catalog,
  provisionId,
  parameters,
  overrides,
  onReopen,
}: {
  catalog: Catalog;
  provisionId: string;
  parameters: readonly Parameter[];
  /** The form's overrides; null while an input cannot be read. */
  overrides: Record<string, string> | null;
  onReopen: (provision: string, draft: Draft) => void;
}) {
  const t = useT();
  const { lang } = useLocale();
  const [session, setSession] = useState<Session | null>(null);
  const [tokenText, setTokenText] = useState("");
  const [fields, setFields] = useState<NoticeFields>(NO_FIELDS);
  const [opened, setOpened] = useState<StoredNotice | null>(null);
  const [notices, setNotices] = useState<StoredNotice[]>([]);
  const [chosen, setChosen] = useState("");
  const [status, setStatus] = useState("");
  const document = catalog.byId.get(provisionId)?.document.key ?? "";

  const refresh = async (): Promise<void> => {
    try {
      setSession(await fetchSession());
      setNotices(await listNotices());
    } catch (e) {
      setSession(null);
      setStatus(`${t("notice.tokenRefused")} ${(e as Error).message}`);
    }
  };
  useEffect(() => {
    if (storedToken()) void refresh();
    // Once, on opening the view: a token stored in this tab signs in again.
  }, []);

  const signIn = (e: FormEvent) => {
    e.preventDefault();
    if (tokenText.trim() === "") return;
    storeToken(tokenText.trim());
    setTokenText("");
    void refresh();
  };
  const forget = () => {
    storeToken(null);
    setSession(null);
    setNotices([]);
    setOpened(null);
  };

  // A published notice is fixed: saving from it makes a new draft.
  const editing = opened?.status === "draft" ? opened : null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (overrides === null) return;
    const named = { ...fields, number: fields.number?.trim() ? fields.number.trim() : null };
    try {
      const saved = await saveNotice(editing, document, named, overrides);
      setOpened(saved);
      setStatus(t("notice.saved", { id: saved.id, version: saved.version }));
      setNotices(await listNotices());
    } catch (err) {
      setStatus(`${t("notice.refused")} ${(err as Error).message}`);
    }
  };
  // Publishing publishes what is saved: with changes not saved yet, the admin saves them first.
  const unsaved =
    editing !== null &&
    JSON.stringify([editing.notice.title, editing.notice.number, editing.notice.window, editing.notice.overrides]) !==
      JSON.stringify([fields.title, fields.number?.trim() ? fields.number.trim() : null, fields.window, overrides]);
  const publish = async () => {
    if (!editing || unsaved) return;
    try {
      const published = await publishNotice(editing);
      setOpened(published);
      setStatus(t("notice.published", { id: published.id }));
      setNotices(await listNotices());
    } catch (err) {
      setStatus(`${t("notice.refused")} ${(err as Error).message}`);
    }
  };
  const reopen = (e: FormEvent) => {
    e.preventDefault();
    const notice = notices.find((n) => n.id === chosen);
    if (!notice) return;
    const { provision, draft } = draftOf(catalog, notice.notice.overrides);
    setOpened(notice);
    setFields({ title: notice.notice.title, number: notice.notice.number, window: notice.notice.window });
    setStatus(t("notice.opened", { id: notice.id, version: notice.version }));
    if (provision) onReopen(provision, draft);
  };

  const shown = (p: Parameter, value: number) => (p.unit === "bp" ? percent(value / 10000, lang) : exact(value / 100, lang));
  const noticeValue = (p: Parameter) => {
    const written = overrides?.[p.path];
    const value = written === undefined ? null : parseParameterValue(p, written);
    return value === null ? t("notice.asDocument") : shown(p, value);
  };
  const set = (patch: Partial<NoticeFields>) => setFields({ ...fields, ...patch });

  return (
    <section className="notice-draft" aria-labelledby="notice-draft-title">
      <h3 id="notice-draft-title">{t("notice.heading")}</h3>
      <table className="notice-compare" data-testid="notice-compare">
        <caption>{t("notice.compare")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("notice.path")}</th>
            <th scope="col">{t("notice.documentFigure")}</th>
            <th scope="col">{t("notice.noticeFigure")}</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((p) => (
            <tr key={p.path} data-path={p.path}>
              <th scope="row">
                <code>{p.path}</code>
              </th>
              <td>{shown(p, p.value)}</td>
              <td>{noticeValue(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {session ? (
        <p data-testid="notice-session">
          {t("notice.signedIn", { name: session.name })}{" "}
          <button type="button" onClick={forget}>
            {t("notice.forget")}
          </button>
        </p>
      ) : (
        <form className="notice-token" onSubmit={signIn}>
          <label>
            {t("notice.token")}
            <input name="token" type="password" autoComplete="off" aria-describedby="notice-token-hint" value={tokenText} onChange={(e) => setTokenText(e.target.value)} />
          </label>
          <button type="submit">{t("notice.useToken")}</button>
          <span id="notice-token-hint" className="param-current">
            {t("notice.tokenHint")}
          </span>
        </form>
      )}

      {session && !session.may.draftNotice && <p>{t("notice.mayNotDraft")}</p>}
      {session?.may.draftNotice && (
        <form className="notice-fields" onSubmit={save}>
          <label>
            {t("notice.titleZh")}
            <input name="titleZh" required lang="zh-CN" value={fields.title.zh} onChange={(e) => set({ title: { ...fields.title, zh: e.target.value } })} />
          </label>
          <label>
            {t("notice.titleEn")}
            <input name="titleEn" required lang="en" value={fields.title.en} onChange={(e) => set({ title: { ...fields.title, en: e.target.value } })} />
          </label>
          <label>
            {t("notice.number")}
            <input name="number" value={fields.number ?? ""} onChange={(e) => set({ number: e.target.value })} />
          </label>
          <label>
            {t("notice.windowStart")}
            <input name="windowStart" type="date" required value={fields.window.start} onChange={(e) => set({ window: { ...fields.window, start: e.target.value } })} />
          </label>
          <label>
            {t("notice.windowEnd")}
            <input name="windowEnd" type="date" required value={fields.window.end} onChange={(e) => set({ window: { ...fields.window, end: e.target.value } })} />
          </label>
          <button type="submit" name="save" disabled={overrides === null}>
            {editing ? t("notice.saveVersion") : t("notice.save")}
          </button>
          {editing && session.may.publishNotice && (
            <button type="button" name="publish" disabled={unsaved} aria-describedby={unsaved ? "notice-unsaved" : undefined} onClick={() => void publish()}>
              {t("notice.publish")}
            </button>
          )}
          {editing && session.may.publishNotice && unsaved && (
            <span id="notice-unsaved" className="param-current">
              {t("notice.unsaved")}
            </span>
          )}
        </form>
      )}

      {notices.length > 0 && (
        <form className="notice-reopen" onSubmit={reopen}>
          <label>
            {t("notice.drafts")}
            <select name="reopen" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">{t("notice.choose")}</option>
              {notices.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.notice.title[lang]} · {n.id} · {n.status === "draft" ? t("notice.statusDraft") : t("notice.statusPublished")}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={chosen === ""}>
            {t("notice.reopen")}
          </button>
        </form>
      )}
      <p role="status" data-testid="notice-status">
        {status}
      </p>
    </section>
  );
}
