MATCH ()-[t:TIE]->() RETURN count(t) AS ties
