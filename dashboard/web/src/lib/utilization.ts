// Red/amber/green for utilization (approved ÷ commitment). A commitment is a budget to be used, and awards beyond it
// have no funding: amber warns that little is left, red that it is used up or exceeded.
export const AMBER_FROM = 0.85;
export const RED_FROM = 1;

export type UtilizationLevel = "green" | "amber" | "red" | "none";

export function utilizationLevel(utilization: number | null): UtilizationLevel {
  if (utilization === null || !Number.isFinite(utilization)) return "none";
  if (utilization >= RED_FROM) return "red";
  if (utilization >= AMBER_FROM) return "amber";
  return "green";
}
