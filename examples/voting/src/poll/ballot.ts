// The choices on the ballot. A vote for anything else is still recorded (it happened), but the
// rules that count votes decide whether it counts.
export const BALLOT = ['tea', 'coffee', 'water'] as const;

export type BallotChoice = (typeof BALLOT)[number];

export function isOnBallot(choice: string): choice is BallotChoice {
  return (BALLOT as readonly string[]).includes(choice);
}
