#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// A responder's note in the case: what was seen, decided or asked, by whom and when. Notes
/// on an event are its pins (incident_timeline.h); the others are the war room's log.
struct Note {
    std::int64_t id = 0;
    std::string author, body;
    TimeUs createdAt = 0;
    std::optional<std::int64_t> eventId;
};

/// Adds a note not tied to an event, audited in the same transaction; returns its id. Call
/// on the writer connection.
Expected<std::int64_t> addNote(Database &db, const Clock &clock, const std::string &author, const std::string &body);
/// The newest `limit` notes, pins included, newest first.
std::vector<Note> newestNotes(Database &db, int limit);

} // namespace cordon::core
