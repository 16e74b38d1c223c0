-- See manual_ids_create.
DROP TABLE manual_ids
