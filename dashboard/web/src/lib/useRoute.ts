// Keeps the React state and the address bar in step: navigating pushes a history entry, Back restores the view.
import { useCallback, useEffect, useState } from "react";
import { parseRoute, routeToSearch, type Route } from "./route.ts";

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.search));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.search));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback<Navigate>((next, options) => {
    const url = `${window.location.pathname}${routeToSearch(next)}`;
    if (options?.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    setRoute(parseRoute(routeToSearch(next)));
  }, []);
  return [route, navigate];
}

/** An href for a route, so links open in a new tab and are real links for the keyboard and screen readers. */
export function hrefFor(route: Route): string {
  return `${window.location.pathname}${routeToSearch(route)}`;
}
