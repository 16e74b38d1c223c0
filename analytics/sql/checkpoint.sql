-- Write what the log holds into the file (its blocks may then be dropped from memory).
CHECKPOINT
