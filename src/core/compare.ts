/**
 * Orders that reach a plan, a hash, stored state or an observation must not depend on the process
 * locale: `localeCompare` under LANG=da_DK sorts "aa" after "z", so a plan saved from a user's shell
 * would be refused as stale by a daemon started by systemd. These compare UTF-16 code units only.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * For display only (`ps`): digit runs compare by value so web-10 follows web-9, everything else by
 * code units, so the order is the same in every locale.
 */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return compareCodeUnits(x, y);
  }
  return pa.length - pb.length || compareCodeUnits(a, b);
}
