/**
 * What a pair's weight says against the model's thresholds, before or after the deterministic
 * rules: `certain` links automatically, `probable` goes to a steward, `possible` is only shown
 * to `$match`, `no-match` is not proposed.
 */
export type MatchClass = 'certain' | 'probable' | 'possible' | 'no-match';
