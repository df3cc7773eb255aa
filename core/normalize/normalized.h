#pragma once

#include "core/domain/event.h"
#include "core/domain/indicator.h"

#include <string>
#include <vector>

namespace cordon::core {

/// Where a record came from, for the events and indicators made from it.
struct RecordContext {
    std::string source;      ///< the feed or file name; formats with their own source field override it
    TimeUs recordTime = 0;   ///< when Cordon received the record
};

/// What one input record became. A record can hold several events (an Alertmanager
/// notification with three alerts, an OTLP export with many spans) or indicators (a STIX
/// bundle), or nothing worth storing (a bundle of only reports), which is not an error.
struct Normalized {
    std::vector<Event> events;
    std::vector<Indicator> indicators;
    std::size_t ignoredObjects = 0;   ///< parts of the record that map to nothing (e.g. STIX reports)
    std::string_view format;          ///< the format it was read as (formatName)
};

} // namespace cordon::core
