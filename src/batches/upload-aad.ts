/** Associated data binding a sealed upload to its batch (DESIGN §3: `<purpose>|<public id>`). */
export function uploadAssociatedData(batchPublicId: string): string {
  return `certa/batch-upload/v1|${batchPublicId}`;
}
