/**
 * Documents (certificates…) expiring within `days`, for one startup or, without one, across the programme
 * (manager's home). STUB: the dossier feature implements it, keeping this signature.
 */
export async function expiringDocuments(_startupId?: string, _days = 60): Promise<{ id: string; title: string; startupId: string; startupName: string; expiresAt: Date }[]> {
  return [];
}
