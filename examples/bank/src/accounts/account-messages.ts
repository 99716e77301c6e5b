// The account's commands and events. Amounts are integer cents: money never touches a float.
import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';

const cents = z.number().int().positive();
/** Set when the movement is a step of a transfer, so statements can say why money moved. */
const transferId = z.string().optional();

export const OpenAccount = defineCommand('OpenAccount', z.object({ accountId: z.string().min(1), owner: z.string().min(1) }));
export const Deposit = defineCommand('Deposit', z.object({ accountId: z.string().min(1), amount: cents, transferId }));
export const Withdraw = defineCommand('Withdraw', z.object({ accountId: z.string().min(1), amount: cents, transferId }));
export const CloseAccount = defineCommand('CloseAccount', z.object({ accountId: z.string().min(1) }));

export const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), owner: z.string() }));
export const MoneyDeposited = defineEvent('MoneyDeposited', z.object({ accountId: z.string(), amount: z.number().int(), transferId }));
export const MoneyWithdrawn = defineEvent('MoneyWithdrawn', z.object({ accountId: z.string(), amount: z.number().int(), transferId }));
export const AccountClosed = defineEvent('AccountClosed', z.object({ accountId: z.string() }));
