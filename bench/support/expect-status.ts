/** Awaits a client request and returns its data; throws, naming the request, on any other status. */
export async function expectStatus<T>(label: string, pending: Promise<{ status: number; data: T }>, status = 201): Promise<T> {
  const result = await pending;
  if (result.status !== status) throw new Error(`${label}: HTTP ${result.status} ${JSON.stringify(result.data)}`);
  return result.data;
}
