/**
 * Keyboard movement through a list (the queue): j / ArrowDown next, k / ArrowUp previous,
 * Home first, End last. Returns the index to focus, or null when the key is not ours.
 * From "nothing focused" (-1), next goes to the first item and previous to the last.
 */
export function nextIndex(current: number, key: string, count: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(current + 1, last);
    case 'k':
    case 'ArrowUp':
      return current < 0 ? last : Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
