/** CLI entry (stub until the CLI lands). Returns the exit code instead of calling process.exit. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write("apsheet: not implemented yet\n");
  return 2;
}
