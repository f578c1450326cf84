-- Gateway-wide settings changed at run time (the web UI's defaults: model, system prompt, tool options,
-- max turns). A row overrides the value from config/application.properties; deleting it restores that value.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,   -- JSON
    updated_at TEXT NOT NULL
);
