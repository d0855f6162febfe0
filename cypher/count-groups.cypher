// How many clusters, platforms or projects a page walks through (the `total` of GET /api/clusters …):
// $label is one of Cluster, Platform, Project (chosen by the code, never by the client); $q lower-case.
MATCH (n)
WHERE $label IN labels(n)
  AND ($q IS NULL OR toLower(n.name) CONTAINS $q OR toLower(n.id) CONTAINS $q)
RETURN count(n) AS total
