/** Headers a dead-lettered message carries besides its own: why it was refused, and where it came from. */
export const DEAD_LETTER_HEADERS = {
  errorCode: 'Factum-Error-Code',
  errorMessage: 'Factum-Error-Message',
  sourceSubject: 'Factum-Source-Subject',
  sourceStream: 'Factum-Source-Stream',
  sourceSequence: 'Factum-Source-Sequence',
  sourceMessageId: 'Factum-Source-Message-Id',
} as const;
