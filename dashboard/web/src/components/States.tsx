// Loading, empty and error states: every request shows one of them until it has data.
import { ApiError } from "../api/client.ts";
import type { RequestState } from "../api/useRequest.ts";
import { useT } from "../i18n/I18n.tsx";
import type { ReactNode } from "react";

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("state.loading")}
    </p>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const t = useT();
  return <p className="state state-empty">{children ?? t("state.empty")}</p>;
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const t = useT();
  const down = error instanceof ApiError && error.kind === "down";
  const text = down
    ? t("state.down")
    : error instanceof ApiError && error.field
      ? t("state.errorField", { message: error.message, field: error.field })
      : t("state.error", { message: error.message });
  return (
    <div className={`state state-error${down ? " state-down" : ""}`} role="alert">
      <p>{text}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t("state.retry")}
        </button>
      )}
    </div>
  );
}

/** Renders the data of a request, or its loading, error or empty state. */
export function Await<T>({
  request,
  isEmpty,
  children,
}: {
  request: RequestState<T> & { retry: () => void };
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (request.status === "loading") return <Loading />;
  if (request.status === "error") return <ErrorState error={request.error} retry={request.retry} />;
  if (isEmpty?.(request.data)) return <Empty />;
  return <>{children(request.data)}</>;
}
