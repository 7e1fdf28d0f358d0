/** Phone numbers in logs and for non-handling viewers: 13812341234 → 138****1234. */
export function maskNumber(n: string): string {
  const digits = n.replace(/[^0-9+]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length <= 7) return digits.slice(0, 1) + '*'.repeat(digits.length - 4) + digits.slice(-3);
  return digits.slice(0, 3) + '****' + digits.slice(-4);
}
