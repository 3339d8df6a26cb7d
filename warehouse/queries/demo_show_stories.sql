-- The demo's tour: stories told by several outlets (syndicated copies).
SELECT copies, outlets, title FROM stories WHERE copies > 1
