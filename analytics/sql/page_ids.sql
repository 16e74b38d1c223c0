-- The store rowids (rid) of one page ({page}) of a filtered set {relation}, in the order {order}.
SELECT rid FROM {relation} ORDER BY {order} {page}
