"""Open data: what each city made public, as CSV and JSON under Licence Ouverte / Etalab
2.0, Atom feeds of new projects, and the national aggregate on the base domain."""
