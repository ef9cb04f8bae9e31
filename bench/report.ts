export interface BenchRow {
  name: string;
  ms: number;
  rows?: number;
  floorMs?: number;
  goal?: string;
  note?: string;
}

/** Prints one table: time, rows/s, and the ratio to the floor measured in the same run. */
export function report(title: string, rows: BenchRow[]): void {
  const lines = [
    `\n## ${title}`,
    "| measure | ms | rows/s | floor rows/s | ratio to floor | goal | note |",
    "|---|---:|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const rate = r.rows ? Math.round((r.rows / r.ms) * 1000) : undefined;
    const floorRate = r.rows && r.floorMs ? Math.round((r.rows / r.floorMs) * 1000) : undefined;
    const ratio = r.floorMs ? (r.ms / r.floorMs).toFixed(2) + "x" : "";
    lines.push(
      `| ${r.name} | ${r.ms.toFixed(1)} | ${rate ?? ""} | ${floorRate ?? ""} | ${ratio} | ${r.goal ?? ""} | ${r.note ?? ""} |`,
    );
  }
  console.log(lines.join("\n"));
}
