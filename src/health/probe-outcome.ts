/** What one probe kind reports; runProbe adds the timing and caps the output. */
export interface ProbeOutcome {
  ok: boolean;
  output: string;
  error?: string;
}
