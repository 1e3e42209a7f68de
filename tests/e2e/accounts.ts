// The family the browser tests use: chat.spec.ts signs the admin up through the UI; later specs reuse the accounts.
export const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
export const member = { name: "Ben Member", email: "ben@example.com", password: "another long secret" };
