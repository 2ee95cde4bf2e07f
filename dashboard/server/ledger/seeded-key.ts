/** Meta key set once the sample has been seeded: an emptied database is not seeded again. */
export const SEEDED_KEY = "sample_seeded";
