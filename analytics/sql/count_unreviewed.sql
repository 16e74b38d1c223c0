-- How many rows of {relation} that {where} keeps are not reviewed.
SELECT count(*) FROM {relation} WHERE review IS NULL AND {where}
