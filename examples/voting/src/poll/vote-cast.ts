import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

export const CastVote = defineCommand('CastVote', z.object({ pollId: z.string().min(1), voter: z.string().min(1), choice: z.string().min(1) }));

// The fact, exactly as it happened: who voted for what. Whether it counts is not decided here.
export const VoteCast = defineEvent('VoteCast', z.object({ voter: z.string(), choice: z.string() }));
