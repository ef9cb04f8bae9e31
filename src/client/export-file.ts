import type { ExportPage } from "../core/account-protocol";

/** The household's export as one file: its name and its text in parts (for a Blob). */
export interface ExportFile {
  filename: string;
  parts: string[];
  rows: number;
}

/**
 * Fetches every page of the export (`GET /api/household/export`, one bounded request each) and
 * joins them into the one `domus-export/v1` document the server describes: the first page's head,
 * then each table's rows across pages, in order. `onPage` hears each page's row count as it comes.
 */
export async function exportFile(
  fetchPage: (cursor: string | null) => Promise<ExportPage>,
  onPage?: (rowsSoFar: number) => void,
): Promise<ExportFile> {
  const first = await fetchPage(null);
  const exportedAt = first.exportedAt;
  if (first.format !== "domus-export/v1" || exportedAt === undefined) {
    throw new Error("The server's export does not start with its head; please try again.");
  }
  const head: Partial<ExportPage> = { ...first };
  delete head.tables;
  delete head.next;
  const parts = [`${JSON.stringify(head).slice(0, -1)},"tables":{`];
  let table: string | null = null;
  let rowsInTable = 0;
  let rows = 0;
  const seen = new Set<string>();
  let page: ExportPage = first;
  for (;;) {
    for (const [name, list] of Object.entries(page.tables)) {
      if (name !== table) {
        // Tables come in order and each once; a page may continue the last page's.
        if (seen.has(name)) throw new Error(`The export sent the table ${name} twice; please try again.`);
        seen.add(name);
        parts.push(`${table === null ? "" : "],"}${JSON.stringify(name)}:[`);
        table = name;
        rowsInTable = 0;
      }
      if (list.length > 0) {
        parts.push(`${rowsInTable > 0 ? "," : ""}${JSON.stringify(list).slice(1, -1)}`);
        rowsInTable += list.length;
        rows += list.length;
      }
    }
    onPage?.(rows);
    if (page.next === null) break;
    page = await fetchPage(page.next);
  }
  parts.push(table === null ? "}}" : "]}}");
  return { filename: `domus-${exportedAt.slice(0, 10)}.json`, parts, rows };
}
