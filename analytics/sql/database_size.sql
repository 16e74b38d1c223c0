-- The file's block size and used blocks (the third and fifth columns).
PRAGMA database_size
