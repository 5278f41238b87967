/**
 * SIRET numbers (French establishment ids): 14 digits whose Luhn checksum is valid.
 * La Poste's establishments follow another rule; the programme does not need that exception.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isValidSiret(value: string): boolean {
  return /^\d{14}$/.test(value) && luhnValid(value);
}

/** A 14-digit number made from 13 given digits plus the Luhn check digit (fictional SIRETs of the demo and tests). */
export function withLuhnDigit(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new Error('13 digits expected');
  for (let d = 0; d <= 9; d += 1) {
    if (luhnValid(first13 + String(d))) return first13 + String(d);
  }
  throw new Error('unreachable');
}
