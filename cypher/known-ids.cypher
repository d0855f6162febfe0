// Which of the ids that a bundle refers to, without defining them, the database already holds.
RETURN
  [id IN $participants WHERE EXISTS { MATCH (:Participant {id: id}) }] AS participants,
  [id IN $clusters WHERE EXISTS { MATCH (:Cluster {id: id}) }] AS clusters,
  [id IN $platforms WHERE EXISTS { MATCH (:Platform {id: id}) }] AS platforms,
  [id IN $projects WHERE EXISTS { MATCH (:Project {id: id}) }] AS projects,
  COLLECT { MATCH (l:Layer) WHERE l.id IN $layers RETURN [l.id, l.directed] } AS layers
