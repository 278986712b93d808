// Looks inside an uploaded .xlsx (a zip) before exceljs builds anything from it: the central
// directory's entry count and declared sizes, then every entry inflated through yauzl, which
// stops a stream the moment it yields more than the entry declared (so a lying size cannot
// smuggle a bomb through). Worksheets are scanned for their row and cell elements and the
// highest row number. Any bound crossed → a clear BAD_INPUT; nothing else has been allocated.
import yauzl from "yauzl";
import { AppError, IMPORT_BOUNDS, IMPORT_MAX_ROWS } from "@dangjian/core";

type Bounds = typeof IMPORT_BOUNDS;

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

const notXlsx = () => new AppError("BAD_INPUT", "members.errorNotXlsx");
const tooLarge = () => new AppError("BAD_INPUT", "members.errorWorkbookTooLarge");

/** Counts row/cell elements and the highest row number in one worksheet's XML, chunk by chunk. */
class SheetScanner {
  rows = 0;
  cells = 0;
  maxRow = 0;
  private tail = "";
  constructor(private readonly bounds: Bounds) {}

  feed(chunk: string): void {
    // Scan up to the last "<": a tag split across chunks waits for the rest in `tail`.
    const text = this.tail + chunk;
    const cut = text.lastIndexOf("<");
    this.tail = cut === -1 ? "" : text.slice(cut);
    if (this.tail.length > 4096) this.tail = ""; // no real tag is that long
    this.scan(cut === -1 ? text : text.slice(0, cut));
  }

  end(): void {
    this.scan(this.tail);
    this.tail = "";
  }

  private scan(text: string): void {
    for (const m of text.matchAll(/<row\b[^>]*>/g)) {
      this.rows++;
      const r = /\br="(\d+)"/.exec(m[0]);
      if (r) this.maxRow = Math.max(this.maxRow, Number(r[1]));
    }
    this.cells += text.match(/<c\b/g)?.length ?? 0;
    this.check();
  }

  private check(): void {
    if (this.maxRow > this.bounds.maxRowIndex)
      throw new AppError("BAD_INPUT", "members.errorRowOutOfRange", { row: this.maxRow, max: this.bounds.maxRowIndex });
    if (this.rows > this.bounds.maxRowElements)
      throw new AppError("BAD_INPUT", "members.errorTooManyRows", { max: IMPORT_MAX_ROWS });
    if (this.cells > this.bounds.maxCellElements) throw tooLarge();
  }
}

/** Throws a BAD_INPUT AppError when the workbook is not a zip or crosses a bound. */
export async function checkWorkbookBounds(file: Uint8Array, bounds: Bounds = IMPORT_BOUNDS): Promise<void> {
  if (file.byteLength > bounds.maxFileBytes)
    throw new AppError("BAD_INPUT", "members.errorFileTooLarge", {
      max: Math.floor(bounds.maxFileBytes / 1024 / 1024),
    });
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  } catch {
    throw notXlsx();
  }
  try {
    if (zip.entryCount > bounds.maxEntries) throw tooLarge();
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on("error", () => reject(notXlsx()));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        const declared = entry.uncompressedSize;
        total += declared;
        if (declared > bounds.maxEntryBytes || total > bounds.maxTotalBytes) return reject(tooLarge());
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(notXlsx());
          const scanner = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName) ? new SheetScanner(bounds) : null;
          stream.setEncoding("utf8");
          stream.on("data", (chunk: string) => {
            if (!scanner) return;
            try {
              scanner.feed(chunk);
            } catch (bound) {
              stream.destroy();
              reject(bound instanceof Error ? bound : tooLarge());
            }
          });
          // yauzl's size check fails the stream when it inflates past its declared size
          stream.on("error", () => reject(tooLarge()));
          stream.on("end", () => {
            try {
              scanner?.end();
              zip.readEntry();
            } catch (bound) {
              reject(bound instanceof Error ? bound : tooLarge());
            }
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
