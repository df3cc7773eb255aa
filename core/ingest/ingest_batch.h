#pragma once

#include "core/domain/event.h"
#include "core/domain/indicator.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::core {

/// A record that could not become an event, kept with the reason (nothing is lost silently).
struct DeadLetter {
    std::string source;
    std::string locator;          ///< where it came from: "file.jsonl:12 (byte 3456)", a request id, ...
    std::string reason;
    std::string raw;              ///< the record, or its first 64 KiB when oversized
    std::uint64_t rawSize = 0;    ///< the record's full size
    Digest rawSha256{};           ///< of the full record
};

/// What one write transaction appends.
struct IngestBatch {
    std::string source;
    std::string actor = "cordon";
    TimeUs recordTime = 0;
    std::vector<Event> events;
    std::vector<DeadLetter> deadLetters;
    std::vector<Indicator> indicators;
    nlohmann::json detail = nlohmann::json::object();   ///< e.g. file and line range, for the audit entry
};

/// What a committed batch added.
struct BatchResult {
    std::int64_t batchId = 0;
    std::int64_t accepted = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t indicators = 0;            ///< new indicators stored
    std::int64_t indicatorDuplicates = 0;   ///< indicators the case already had from that source
    std::int64_t firstEventId = 0;
    std::int64_t lastEventId = 0;
    std::int64_t commitSeq = 0;
};

} // namespace cordon::core
