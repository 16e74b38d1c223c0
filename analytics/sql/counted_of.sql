-- The counted rows of a filtered set {relation}.
SELECT * FROM {relation} WHERE counted
