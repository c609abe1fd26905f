"""The shipped skills taxonomy: (name, category, synonyms). Loaded by a data migration and by seed_demo."""

SKILLS: list[tuple[str, str, list[str]]] = [
    ("Python", "software", ["python3", "py"]),
    ("JavaScript", "software", ["js", "ecmascript"]),
    ("SQL", "data", ["postgresql", "mysql", "structured query language"]),
    ("Data analysis", "data", ["data analytics", "analysing data"]),
    ("UX research", "design", ["user research", "usability testing"]),
    ("Social media marketing", "marketing", ["smm", "social media"]),
    ("Market research", "research", ["market analysis", "competitor research"]),
    ("Copywriting", "writing", ["copy", "content writing"]),
    ("Financial modelling", "finance", ["financial modeling", "excel modelling"]),
    ("Project management", "business", ["pm", "project coordination"]),
]
