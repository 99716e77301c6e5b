// The account's commands and events. Amounts are integer cents (accounts/money.ts): money never
// touches a float. Commands check ids with the bank's rules (rules/bank-ids.ts); events accept any
// stored id, so history written under older rules still reads.
import { defineCommand, defineEvent } from '@factum/core';
import { z } from 'zod';
import { AccountId, OwnerName, StoredId, TransferId } from '../rules/bank-ids';
import { Cents } from './money';

/** Set when the movement is a step of a transfer, so statements can say why money moved. */
const transferId = z.string().optional();

export const OpenAccount = defineCommand('OpenAccount', z.object({ accountId: AccountId, owner: OwnerName }));
export const Deposit = defineCommand('Deposit', z.object({ accountId: AccountId, amount: Cents, transferId: TransferId.optional() }));
export const Withdraw = defineCommand('Withdraw', z.object({ accountId: AccountId, amount: Cents, transferId: TransferId.optional() }));
export const CloseAccount = defineCommand('CloseAccount', z.object({ accountId: AccountId }));
/**
 * Puts back money a transfer took from this account (the compensation). Only the transfer
 * process sends it, for money it withdrew, so its ids are whatever was stored: a rule tightened
 * since must never keep money from going home.
 */
export const RefundTransfer = defineCommand('RefundTransfer', z.object({ accountId: StoredId, amount: Cents, transferId: StoredId }));

export const AccountOpened = defineEvent('AccountOpened', z.object({ accountId: z.string(), owner: z.string() }));
export const MoneyDeposited = defineEvent('MoneyDeposited', z.object({ accountId: z.string(), amount: z.number().int(), transferId }));
export const MoneyWithdrawn = defineEvent('MoneyWithdrawn', z.object({ accountId: z.string(), amount: z.number().int(), transferId }));
export const AccountClosed = defineEvent('AccountClosed', z.object({ accountId: z.string() }));
