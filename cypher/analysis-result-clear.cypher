// A result written again first loses its earlier values: a participant outside the new view (or the
// new settings' view) must not keep a value of the old run. Setting a property to null removes it.
MATCH (p:Participant)
WHERE any(k IN $properties WHERE p[k] IS NOT NULL)
SET p += $cleared
RETURN count(p) AS cleared
