/** One RFC 4180 CSV line: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return (
    values
      .map((value) => {
        if (value === null || value === undefined) return '';
        const text = String(value);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
