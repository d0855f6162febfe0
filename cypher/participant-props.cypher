// A participant's stored properties (its fields and `attr.<name>` attributes), for a partial update.
MATCH (p:Participant {id: $id})
RETURN properties(p) AS props
