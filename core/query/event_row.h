#pragma once

#include "core/util/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// An event as lists show it: entity codes resolved, long texts cut to a preview.
struct EventRow {
    std::int64_t id = 0;
    TimeUs eventTime = 0;
    TimeUs recordTime = 0;
    std::string source;
    std::string kind;
    std::optional<std::string> account, session, sourceIp, model;
    std::optional<std::int64_t> inputTokens, outputTokens;
    std::uint32_t flags = 0;
    std::string promptPreview;
    std::string outputPreview;
};

/// Keyset position for paging a timeline newest-first: (event_time, id) of the last row shown.
/// OFFSET would cost ~27 ms at depth 1M; a keyset page costs ~0.1 ms at any depth.
struct EventCursor {
    TimeUs eventTime = 0;
    std::int64_t id = 0;
};

} // namespace cordon::core

namespace cordon::core {

/// One event with everything it holds, for the detail pane: full texts, the attributes and
/// the original payload exactly as it arrived, and the alerts that cite it.
struct EventDetail {
    EventRow row;
    std::string externalId, userAgent, modelVersion, provider;
    std::string prompt, output;
    std::string attributes;   ///< JSON text; empty when none
    std::string payload;      ///< as received
    std::string payloadSha256;   ///< hex
    struct AlertRef {
        std::int64_t id = 0;
        std::string title, severity, status;
    };
    std::vector<AlertRef> alerts;
    std::optional<std::string> pinNote;   ///< set when the event is on the incident timeline
};

} // namespace cordon::core
