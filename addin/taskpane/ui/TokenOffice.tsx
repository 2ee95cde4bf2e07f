// Who the saved token is, under the title on every tab: "渝北区 · 经办、审核（渝北区经信委 张三）", a warning for an
// unscoped token (须重新签发), and the service's reason when it refuses the token. Nothing without a token, or
// while the service cannot be reached (App says so already).
import { Body1, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useIntl } from "react-intl";
import { tokenLabel } from "../../../shared/ledger/offices.ts";
import type { Lang } from "../../../shared/money/format.ts";
import type { SessionState } from "../logic/session.ts";

export function TokenOffice({ session, lang }: { session: SessionState; lang: Lang }) {
  const intl = useIntl();
  if (session.state === "refused") {
    return (
      <MessageBar intent="warning" data-testid="token-refused">
        <MessageBarBody>{intl.formatMessage({ id: "token.refused" }, { reason: session.message[lang] })}</MessageBarBody>
      </MessageBar>
    );
  }
  if (session.state !== "known") return null;
  const office = tokenLabel(session.session, lang);
  return (
    <>
      <Body1 data-testid="token-office">{intl.formatMessage({ id: "token.office" }, { office, name: session.session.name })}</Body1>
      {session.session.unscoped && (
        <MessageBar intent="warning" data-testid="token-unscoped">
          <MessageBarBody>{intl.formatMessage({ id: "token.unscoped" })}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
