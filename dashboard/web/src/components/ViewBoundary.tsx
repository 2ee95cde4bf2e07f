// Views are loaded on demand (App.tsx): when the service has stopped, a view's chunk cannot be fetched and the
// lazy import rejects. Say that the service is down, as a failed request would, instead of leaving a blank page.
import { Component, type ReactNode } from "react";
import { ApiError } from "../api/client.ts";
import { ErrorState } from "./States.tsx";

interface State {
  error: Error | null;
}

/** Browsers word it differently: "Failed to fetch dynamically imported module", "error loading dynamically imported module", "Importing a module script failed". */
const CHUNK_FAILURE = /dynamically imported module|module script failed/i;

export class ViewBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    const e = error instanceof Error ? error : new Error(String(error));
    return { error: CHUNK_FAILURE.test(e.message) ? new ApiError("down", e.message) : e };
  }

  override render() {
    // React.lazy keeps a failed import: trying again means loading the page again.
    if (this.state.error) return <ErrorState error={this.state.error} retry={() => window.location.reload()} />;
    return this.props.children;
  }
}
