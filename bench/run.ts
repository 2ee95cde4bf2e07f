// `npm run bench`: every benchmark of the product, or those named on the command line (`npm run bench -- engine`).
export {};
const ALL = ["engine", "ledger", "service", "addin", "dashboard", "startup"] as const;

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : [...ALL];
console.log(`# benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const name of wanted) {
  const mod = (await import(`./${name}.ts`)) as { run: () => Promise<void> };
  await mod.run();
}
