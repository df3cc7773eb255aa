#pragma once

#include "core/forensics/forensic_settings.h"
#include "core/ingest/live_ingest.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <chrono>
#include <string>

namespace cordon::core::forensics {

/// Forensics that follows a live writer: one analyzer kept between runs (its clusters stay in
/// memory), working through a backlog in slices of `slice` events (~11 µs each: a slice of
/// 20,000 holds the writer for about a quarter of a second).
LiveAnalysis liveAnalysis(ForensicSettings settings, const Clock &clock, std::string actor,
                          std::chrono::milliseconds interval = std::chrono::seconds(5), std::int64_t slice = 20'000);

} // namespace cordon::core::forensics
