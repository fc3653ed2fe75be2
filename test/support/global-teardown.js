export default async function globalTeardown() {
  await globalThis.podiumTestDatabase?.stop();
}
