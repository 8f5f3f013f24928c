/**
 * How a report names a row: its number in this batch, plus, in a replay,
 * its number in the first batch of the chain.
 */
export function rowRef(r: { rowNumber: number; originalRowNumber: number | null; sourceIdentifier: string | null }) {
  return {
    row_number: r.rowNumber,
    ...(r.originalRowNumber === null ? {} : { original_row_number: r.originalRowNumber }),
    source_identifier: r.sourceIdentifier,
  };
}
