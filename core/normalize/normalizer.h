#pragma once

#include "core/normalize/format.h"
#include "core/normalize/normalized.h"
#include "core/util/expected.h"
#include "core/util/json_reader.h"

#include <optional>
#include <string_view>

namespace cordon::core {

struct NormalizeOptions {
    std::optional<Format> format;   ///< forced format; detected from each record's content when unset
    JsonLimits json;
};

/// Turns one input record into events or indicators: a JSON value (an object, or an array
/// whose elements are records) or a syslog line. A record that cannot be used comes back as
/// an Error whose message is the dead-letter reason.
Expected<Normalized> normalizeRecord(std::string_view record, const RecordContext &context,
                                     const NormalizeOptions &options = {});

} // namespace cordon::core
