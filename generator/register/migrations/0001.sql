-- svarbrev's case register, schema version 1: every inquiry with its deadline and status, its
-- questions, every letter made for it with the figures each question was answered with, and a history.
CREATE TABLE inquiries (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,            -- 'sag:<sagsnummer>', or 'fil:<question file>' while it has none
    case_number TEXT,
    sender TEXT NOT NULL,
    received TEXT NOT NULL,              -- ISO date: henvendelse.dato
    subject TEXT NOT NULL,
    deadline TEXT,                       -- ISO date by the profile's svarfrist; NULL without a rule
    status TEXT NOT NULL CHECK (status IN ('modtaget', 'udkast', 'endelig', 'sendt')),
    holder TEXT NOT NULL DEFAULT '',
    question_file TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX inquiries_by_deadline ON inquiries (status, deadline);

CREATE TABLE questions (
    inquiry_id INTEGER NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (inquiry_id, number)
);

CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    inquiry_id INTEGER NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    made TEXT NOT NULL,                  -- when it was written (UTC)
    letter_date TEXT NOT NULL,
    final INTEGER NOT NULL CHECK (final IN (0, 1)),
    recipient TEXT NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX letters_by_inquiry ON letters (inquiry_id);

CREATE TABLE answers (
    letter_id INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
    question INTEGER NOT NULL,
    question_text TEXT NOT NULL,
    calls TEXT NOT NULL,                 -- JSON: the metric calls with their places written out
    figures TEXT NOT NULL,               -- JSON: the figures printed for the question (text, value, metric)
    PRIMARY KEY (letter_id, question)
);

CREATE TABLE answer_calls (                -- each call of an answer on its own, to find it asked again
    letter_id INTEGER NOT NULL,
    question INTEGER NOT NULL,
    call TEXT NOT NULL,                  -- JSON of one call, its places written out
    FOREIGN KEY (letter_id, question) REFERENCES answers (letter_id, question) ON DELETE CASCADE
);
CREATE INDEX answer_calls_by_call ON answer_calls (call);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    inquiry_id INTEGER NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    what TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_inquiry ON events (inquiry_id, id);
