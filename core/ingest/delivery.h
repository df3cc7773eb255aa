#pragma once

#include "core/ingest/live_ingest.h"
#include "core/normalize/normalizer.h"

#include <string>
#include <string_view>

namespace cordon::core {

/// A delivery's body turned into records: JSON lines, JSON documents one after another, a
/// JSON array of records, or syslog lines. Each record is normalised; each that cannot be
/// becomes a dead letter whose locator names the delivery and the record's position.
struct ParsedDelivery {
    LiveDelivery delivery;
    std::size_t records = 0;
    std::string firstError;   ///< the first record's reason, for the transport's answer
};

ParsedDelivery parseDelivery(std::string_view body, const std::string &feed, const std::string &locator,
                             TimeUs recordTime, const NormalizeOptions &options);

} // namespace cordon::core
