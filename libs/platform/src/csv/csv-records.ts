/** A record of the file and the (1-based) line it starts on, for error messages. */
export type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

/** An error naming the file and the line, for a person fixing the file. */
export const csvError = (file: string, line: number, message: string): Error => new Error(`${file}, line ${line}: ${message}`);

/**
 * RFC 4180 records: fields separated by ',', records by LF or CRLF; a field in double quotes may
 * hold commas, line breaks and doubled quotes (""). Blank lines are skipped (they hold no row).
 * A quote inside an unquoted field, text after a closing quote and an unclosed quote are refused,
 * since guessing what they meant could silently change a row.
 */
export const csvRecords = (text: string, file: string): CsvRecord[] => {
  const fail = (line: number, message: string): never => {
    throw csvError(file, line, message);
  };
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** The current field was quoted and its closing quote has been read. */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < text.length) {
    const char = text[i];
    const lineBreak = char === '\n' ? 1 : char === '\r' && text[i + 1] === '\n' ? 2 : 0;
    if (lineBreak > 0) {
      const blank = fields.length === 0 && field === '' && !quoted;
      if (!blank) endRecord();
      i += lineBreak;
      line += 1;
      recordLine = line;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (quoted) {
      fail(line, 'a closing quote must be followed by "," or the end of the line');
    } else if (char === '"') {
      if (field !== '')
        fail(line, 'a double quote inside an unquoted field; quote the whole field and double the quote');
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= text.length) fail(openedOn, 'a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          field += '"';
          i += 2;
        } else {
          if (text[i] === '\n') line += 1;
          field += text[i];
          i += 1;
        }
      }
      i += 1;
      quoted = true;
    } else {
      field += char;
      i += 1;
    }
  }
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
};

