/**
 * A long list of short values sent as one text parameter, split again by the server with
 * `string_to_array($n, chr(30))`. The driver quotes and escapes every element of an array
 * parameter one by one; for the thousands of ids and keys of an ingest batch that cost more
 * than the query. The separator is the ASCII record separator, a control character: no id,
 * key, token or record key holds one (the ingest refuses control characters in record keys).
 */
export function packedList(values: readonly string[]): string {
  return values.join(RECORD_SEPARATOR);
}

const RECORD_SEPARATOR = '\u001e';
