/** A counter shared by every factory, so that default names, e-mails and slugs are unique within a process. */
let counter = 0;

export function nextNumber(): number {
  counter += 1;
  return counter;
}
