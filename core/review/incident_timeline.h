#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// An event a responder pinned to the incident timeline, with why it matters. Pins are the
/// case's notes that point at an event; the post-incident review's timeline is built from them.
struct Pin {
    std::int64_t noteId = 0;
    std::int64_t eventId = 0;
    TimeUs eventTime = 0;
    std::string kind;   ///< the event's kind
    std::string author, note;
    TimeUs pinnedAt = 0;
};

/// Pins an event with a note (or replaces the note of an existing pin), audited in the same
/// transaction. Returns the note's id. Call on the writer connection.
Expected<std::int64_t> pinEvent(Database &db, const Clock &clock, const std::string &actor, std::int64_t eventId,
                                const std::string &note);
/// Takes an event off the incident timeline, audited. Unpinning an unpinned event is an error.
Status unpinEvent(Database &db, const Clock &clock, const std::string &actor, std::int64_t eventId);
/// The pin of one event, if it has one.
std::optional<Pin> pinOf(Database &db, std::int64_t eventId);
/// Every pin in event-time order: the incident timeline.
std::vector<Pin> incidentTimeline(Database &db);

} // namespace cordon::core
