/**
 * Fractional order keys: strings compared by code unit, with a key between any two. Moving an item
 * rewrites only its own key, so two devices moving different items both keep their moves after a
 * last-write-wins merge; equal keys (two devices chose the same gap) are ordered by id everywhere.
 *
 * Keys use the digits below (ascending in code-unit order) and never end in the lowest digit, so
 * there is always room before a key. The midpoint follows the "fractional-indexing" algorithm.
 */
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ZERO = DIGITS[0] as string;

function isKey(key: string): boolean {
  return key.length > 0 && !key.endsWith(ZERO) && [...key].every((c) => DIGITS.includes(c));
}

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // The common prefix (a padded with zeros) stays; the midpoint is taken after it.
    let n = 0;
    while ((a[n] ?? ZERO) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a ? DIGITS.indexOf(a[0] as string) : 0;
  const digitB = b !== null ? DIGITS.indexOf(b[0] as string) : DIGITS.length;
  if (digitB - digitA > 1) return DIGITS[Math.round((digitA + digitB) / 2)] as string;
  // Adjacent digits: b's first digit alone, if b goes on, is between; else go one digit deeper after a.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return (DIGITS[digitA] as string) + midpoint(a.slice(1), null);
}

/**
 * A key strictly between `before` and `after` (null: the start or the end of the order). Throws
 * when they are not valid keys in ascending order: callers re-key (`evenKeys`) instead.
 */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && !isKey(before)) throw new Error(`not an order key: ${before}`);
  if (after !== null && !isKey(after)) throw new Error(`not an order key: ${after}`);
  if (before !== null && after !== null && before >= after) throw new Error(`${before} is not before ${after}`);
  return midpoint(before ?? "", after);
}

/** `count` ascending keys, evenly spread and short: a fresh order, or a re-keying of a crowded one. */
export function evenKeys(count: number): string[] {
  const keys: string[] = [];
  let prev: string | null = null;
  // Two digits give 61 * 62 slots; spread over them so later inserts stay short.
  const width = DIGITS.length * DIGITS.length;
  for (let i = 1; i <= count; i++) {
    const slot = Math.floor((i * width) / (count + 1));
    let key = (DIGITS[Math.floor(slot / DIGITS.length)] as string) + (DIGITS[slot % DIGITS.length] as string);
    key = key.replace(/0+$/, "") || "1";
    if (prev !== null && key <= prev) key = keyBetween(prev, null);
    keys.push(key);
    prev = key;
  }
  return keys;
}

export { isKey as isOrderKey };
