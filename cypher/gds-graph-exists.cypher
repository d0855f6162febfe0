RETURN gds.graph.exists($graphName) AS exists
