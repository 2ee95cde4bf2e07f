// The baseline app: React 19 rendering one heading, built with the same Vite setup as the dashboard.
import { createRoot } from "react-dom/client";

createRoot(document.getElementById("root")!).render(<h1>hello</h1>);
