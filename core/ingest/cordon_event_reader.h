#pragma once

#include "core/domain/event.h"
#include "core/util/json_reader.h"

#include <optional>
#include <string_view>

namespace cordon::core {

/// Reads the common case of Cordon's event format in one pass, straight into an Event,
/// without building a document of the whole record: the ingest hot path spends most of
/// its parsing time in the document's allocations otherwise.
///
/// It accepts only a record that parseJson + detectJsonFormat + cordonEventFromJson would
/// accept as a Cordon event, and reads it to the same Event. Anything else (another
/// format's marker fields, a field of the wrong type, a duplicate key, a missing time or
/// kind, too deep, not JSON) returns nullopt: the caller then takes that general path,
/// which decides what the record is and names any problem.
std::optional<Event> readCordonEvent(std::string_view record, std::string_view defaultSource, TimeUs recordTime,
                                     const JsonLimits &limits = {});

} // namespace cordon::core
