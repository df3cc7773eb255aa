#pragma once

#include "core/domain/event.h"
#include "core/util/expected.h"
#include "core/util/json_reader.h"

#include <string_view>

namespace cordon::core {

/// Parses one record of Cordon's own JSON-lines event format (docs/event-format.md).
/// The record is kept byte for byte as the event's payload; a record that is not valid comes
/// back as an Error whose message is the dead-letter reason.
Expected<Event> parseCordonEvent(std::string_view record, std::string_view defaultSource, TimeUs recordTime,
                                 const JsonLimits &limits = {});

/// The same for a record already parsed; the document's value is consumed.
Expected<Event> cordonEventFromJson(JsonDocument &parsed, std::string_view record, std::string_view defaultSource,
                                    TimeUs recordTime);

} // namespace cordon::core
