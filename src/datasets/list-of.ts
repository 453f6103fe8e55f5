/** Data lists written as comma-separated lines, so formatting keeps them compact. */
export function listOf(...lines: string[]): readonly string[] {
  return lines
    .join(',')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
