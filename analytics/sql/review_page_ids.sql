-- The rids of one page ({page}) of a filtered set's ({relation}) unreviewed rows, in {order}.
SELECT rid FROM {relation} WHERE review IS NULL ORDER BY {order} {page}
